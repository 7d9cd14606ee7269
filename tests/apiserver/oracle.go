package main

// The oracle: for each file, what `kubectl apply --dry-run=server
// --validate=strict -f FILE` does, in process, with kubectl's own libraries.
//
//  1. Each file goes through the same resource.Builder chain as kubectl
//     apply (Unstructured, Schema(validator for "Strict"), ContinueOnError,
//     NamespaceParam(oracle).DefaultNamespace, FilenameParam, Flatten), so
//     YAML/JSON decoding, multi-document files, Lists and kubectl's
//     client-side checks are kubectl's.
//  2. Every kind: Namespace object of every file is dry-run first.
//  3. Then every namespace that a namespaced object names (and `oracle`, the
//     default for objects that name none) is created for real if missing,
//     and the oracle waits for its `default` ServiceAccount.
//  4. Every other object is dry-run: as kubectl apply does for an object that
//     does not exist, the last-applied annotation is added, nulls are pruned
//     and it is created with dryRun=All and fieldValidation=Strict; if it
//     already exists, it is replaced (dry run) over the server's
//     resourceVersion instead.
//
// Objects whose apiVersion/kind the server does not know are "skipped" when
// their API group is neither served by this server nor a built-in
// Kubernetes group (a custom resource without its CRD); an unknown kind or
// version of a served or built-in group (apps/v1beta1 Deployment,
// extensions/v1beta1 Ingress, a typo in kind) is "rejected".

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/cli-runtime/pkg/resource"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	kubectlutil "k8s.io/kubectl/pkg/util"
	"k8s.io/kubectl/pkg/validation"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
)

const (
	verdictAccepted   = "accepted"
	verdictRejected   = "rejected"
	verdictSkipped    = "skipped"
	verdictUnreadable = "unreadable"
	verdictError      = "error" // the oracle itself could not get an answer (server down, timeouts)

	fieldManager = "kubectl-client-side-apply" // kubectl apply's default
)

type objectResult struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Name       string   `json:"name"`
	Namespace  string   `json:"namespace"`
	Verdict    string   `json:"verdict"`
	Message    string   `json:"message"`
	Warnings   []string `json:"warnings"`
}

type fileResult struct {
	File     string         `json:"file"`
	Verdict  string         `json:"verdict"`
	Objects  []objectResult `json:"objects"`
	Messages []string       `json:"messages"`

	infos      []*resource.Info // parallel to the first len(infos) Objects
	fileErrors bool
}

// getter is the resource.RESTClientGetter (and genericclioptions one) shared
// by every builder: one REST config, one memory-cached discovery, one mapper.
type getter struct {
	loader clientcmd.ClientConfig
	cfg    *rest.Config
	disc   discovery.CachedDiscoveryInterface
	mapper meta.RESTMapper
}

func (g *getter) ToRESTConfig() (*rest.Config, error)                            { return rest.CopyConfig(g.cfg), nil }
func (g *getter) ToDiscoveryClient() (discovery.CachedDiscoveryInterface, error) { return g.disc, nil }
func (g *getter) ToRESTMapper() (meta.RESTMapper, error)                         { return g.mapper, nil }
func (g *getter) ToRawKubeConfigLoader() clientcmd.ClientConfig                  { return g.loader }

type oracle struct {
	g         *getter
	clientset kubernetes.Interface
	validator validation.Schema
	defaultNS string
	served    sets.Set[string] // API groups this server serves
	builtin   sets.Set[string] // API groups built into Kubernetes, served or not
	parallel  int
	nsTimeout time.Duration
	stats     bool
	errMu     sync.Mutex
}

func runOracle(args []string) int {
	fs := flag.NewFlagSet("oracle", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the cluster to ask (required)")
	asJSON := fs.Bool("json", false, "print one JSON object per line per file")
	filesFrom := fs.String("files-from", "", "also read file names, one a line, from this file (- for stdin)")
	parallel := fs.Int("parallel", 8, "requests in flight at once")
	defaultNS := fs.String("namespace", "oracle", "namespace for namespaced objects that name none (created if missing)")
	nsTimeout := fs.Duration("namespace-timeout", 60*time.Second, "how long to wait for a created namespace's default ServiceAccount")
	stats := fs.Bool("stats", false, "print counts and timings to stderr")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: kcp oracle --kubeconfig K [--json] [--parallel N] [--files-from F] FILE...")
		fs.PrintDefaults()
	}
	// Flags may come after the files too.
	var files []string
	remaining := args
	for {
		if err := fs.Parse(remaining); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		remaining = fs.Args()[1:]
	}
	if *filesFrom != "" {
		more, err := readLines(*filesFrom)
		if err != nil {
			fmt.Fprintln(os.Stderr, "oracle:", err)
			return 2
		}
		files = append(files, more...)
	}
	if *kubeconfig == "" || len(files) == 0 {
		fs.Usage()
		return 2
	}
	if *parallel < 1 {
		*parallel = 1
	}
	// kubectl's libraries log through klog; keep stderr for our own words.
	klog.LogToStderr(false)
	klog.SetOutput(io.Discard)

	o, err := newOracle(*kubeconfig, *defaultNS, *parallel, *nsTimeout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		return 2
	}
	o.stats = *stats
	results := o.run(files)

	out := os.Stdout
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	code := 0
	for _, r := range results {
		if r.Verdict == verdictError {
			code = 3
		}
		if *asJSON {
			if err := enc.Encode(r); err != nil {
				fmt.Fprintln(os.Stderr, "oracle:", err)
				return 2
			}
			continue
		}
		fmt.Fprintf(out, "%s: %s\n", r.File, r.Verdict)
		for _, ob := range r.Objects {
			where := ob.Name
			if ob.Namespace != "" {
				where = ob.Namespace + "/" + ob.Name
			}
			fmt.Fprintf(out, "  %s %s: %s\n", ob.Kind, where, ob.Verdict)
			for _, w := range ob.Warnings {
				fmt.Fprintf(out, "    Warning: %s\n", w)
			}
		}
		for _, m := range r.Messages {
			fmt.Fprintf(out, "  %s\n", strings.ReplaceAll(m, "\n", "\n  "))
		}
	}
	return code
}

func readLines(path string) ([]string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(os.Stdin)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

func newOracle(kubeconfig, defaultNS string, parallel int, nsTimeout time.Duration) (*oracle, error) {
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}, &clientcmd.ConfigOverrides{})
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, err
	}
	// No client-side rate limit: the admin user is exempt from the server's
	// priority and fairness anyway, and a few thousand files must go fast.
	cfg.QPS = -1
	cfg.Burst = -1
	cfg.Timeout = 60 * time.Second
	cfg.WarningHandler = rest.NoWarnings{} // collected per request instead
	cfg.UserAgent = "kcp-oracle"
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	disc := memory.NewMemCacheClient(dc)
	mapper := restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(disc), disc, nil)
	g := &getter{loader: loader, cfg: cfg, disc: disc, mapper: mapper}

	groups, err := disc.ServerGroups()
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	served := sets.New[string]()
	for _, gr := range groups.Groups {
		served.Insert(gr.Name)
	}
	builtin := sets.New[string]("", "apiextensions.k8s.io", "apiregistration.k8s.io",
		"extensions", "settings.k8s.io") // the last two: built-in groups removed since
	for gvk := range legacyscheme.Scheme.AllKnownTypes() {
		builtin.Insert(gvk.Group)
	}

	// The same validator kubectl apply --validate=strict builds: server-side
	// field validation where the server has it, kubectl's schema otherwise.
	validator, err := cmdutil.NewFactory(g).Validator(metav1.FieldValidationStrict)
	if err != nil {
		return nil, err
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &oracle{g: g, clientset: cs, validator: validator, defaultNS: defaultNS,
		served: served, builtin: builtin, parallel: parallel, nsTimeout: nsTimeout}, nil
}

// parallelDo runs f(i) for i in [0, n) on o.parallel workers.
func (o *oracle) parallelDo(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	workers := o.parallel
	if workers > n {
		workers = n
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func (o *oracle) run(files []string) []*fileResult {
	t0 := time.Now()
	results := make([]*fileResult, len(files))
	o.parallelDo(len(files), func(i int) { results[i] = o.read(files[i]) })
	tRead := time.Now()

	type job struct{ file, obj int }
	var nsJobs, jobs []job
	needed := sets.New[string](o.defaultNS)
	for fi, r := range results {
		for oi, info := range r.infos {
			if isNamespace(info) {
				nsJobs = append(nsJobs, job{fi, oi})
				continue
			}
			jobs = append(jobs, job{fi, oi})
			if info.Namespaced() && info.Namespace != "" {
				needed.Insert(info.Namespace)
			}
		}
	}
	// Namespace objects first, before any namespace is created.
	o.parallelDo(len(nsJobs), func(i int) {
		j := nsJobs[i]
		results[j.file].Objects[j.obj] = o.dryRun(results[j.file].infos[j.obj])
	})
	names := sets.List(needed)
	o.parallelDo(len(names), func(i int) { o.ensureNamespace(names[i]) })
	tNS := time.Now()
	o.parallelDo(len(jobs), func(i int) {
		j := jobs[i]
		results[j.file].Objects[j.obj] = o.dryRun(results[j.file].infos[j.obj])
	})
	if o.stats {
		fmt.Fprintf(os.Stderr, "oracle: %d files, %d objects, %d namespaces in %.2f s (reading %.2f s, Namespace objects and namespaces %.2f s, dry runs %.2f s)\n",
			len(files), len(nsJobs)+len(jobs), len(names), time.Since(t0).Seconds(), tRead.Sub(t0).Seconds(),
			tNS.Sub(tRead).Seconds(), time.Since(tNS).Seconds())
	}

	for _, r := range results {
		r.finish()
	}
	return results
}

// read runs kubectl apply's builder over one file.
func (o *oracle) read(file string) *fileResult {
	r := &fileResult{File: file, Objects: []objectResult{}, Messages: []string{}}
	infos, err := resource.NewBuilder(o.g).
		Unstructured().
		Schema(o.validator).
		ContinueOnError().
		NamespaceParam(o.defaultNS).DefaultNamespace().
		FilenameParam(false, &resource.FilenameOptions{Filenames: []string{file}}).
		Flatten().
		Do().
		Infos()
	r.infos = infos
	for _, info := range infos {
		gvk := info.Object.GetObjectKind().GroupVersionKind()
		ns := ""
		if info.Namespaced() {
			ns = info.Namespace
		}
		r.Objects = append(r.Objects, objectResult{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind,
			Name: info.Name, Namespace: ns, Warnings: []string{}})
	}
	var errs []error
	if err != nil {
		if agg, ok := err.(utilerrors.Aggregate); ok {
			errs = utilerrors.Flatten(agg).Errors()
		} else {
			errs = []error{err}
		}
	}
	for _, e := range errs {
		var nk *meta.NoKindMatchError
		if errors.As(e, &nk) {
			ob := objectResult{
				APIVersion: apiVersionOf(nk),
				Kind:       nk.GroupKind.Kind,
				Verdict:    verdictSkipped,
				Message:    o.kubectlMessage(e),
				Warnings:   []string{},
			}
			if m := mappingNotFound.FindStringSubmatch(e.Error()); m != nil {
				ob.Name, ob.Namespace = unquote(m[1]), unquote(m[2])
			}
			if o.served.Has(nk.GroupKind.Group) || o.builtin.Has(nk.GroupKind.Group) {
				ob.Verdict = verdictRejected
			}
			r.Objects = append(r.Objects, ob)
			continue
		}
		r.fileErrors = true
		r.Messages = append(r.Messages, o.kubectlMessage(e))
	}
	if len(infos) == 0 && len(errs) == 0 {
		r.fileErrors = true
		r.Messages = append(r.Messages, o.kubectlMessage(fmt.Errorf("no objects passed to apply")))
	}
	return r
}

var mappingNotFound = regexp.MustCompile(`^resource mapping not found for name: ("(?:[^"\\]|\\.)*") namespace: ("(?:[^"\\]|\\.)*")`)

func unquote(s string) string {
	var out string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return strings.Trim(s, `"`)
	}
	return out
}

func apiVersionOf(nk *meta.NoKindMatchError) string {
	v := ""
	if len(nk.SearchedVersions) > 0 {
		v = nk.SearchedVersions[0]
	}
	if nk.GroupKind.Group == "" {
		return v
	}
	return nk.GroupKind.Group + "/" + v
}

func isNamespace(info *resource.Info) bool {
	gvk := info.Object.GetObjectKind().GroupVersionKind()
	return gvk.Group == "" && gvk.Kind == "Namespace"
}

// finish sets the file's verdict and gathers the objects' messages.
func (r *fileResult) finish() {
	var objMsgs []string
	rejected, failed, skipped := false, false, false
	for _, ob := range r.Objects {
		switch ob.Verdict {
		case verdictRejected:
			rejected = true
			objMsgs = append(objMsgs, ob.Message)
		case verdictError:
			failed = true
			objMsgs = append(objMsgs, ob.Message)
		case verdictSkipped:
			skipped = true
		}
	}
	r.Messages = append(append([]string{}, objMsgs...), r.Messages...)
	switch {
	case r.fileErrors:
		r.Verdict = verdictUnreadable
	case rejected:
		r.Verdict = verdictRejected
	case failed:
		r.Verdict = verdictError
	case skipped:
		r.Verdict = verdictSkipped
	default:
		r.Verdict = verdictAccepted
	}
}

// kubectlMessage is what kubectl's CheckErr prints for err alone.
func (o *oracle) kubectlMessage(err error) string {
	o.errMu.Lock()
	defer o.errMu.Unlock()
	var msg string
	cmdutil.BehaviorOnFatal(func(m string, _ int) { msg = m })
	defer cmdutil.DefaultBehaviorOnFatal()
	cmdutil.CheckErr(err)
	return strings.TrimRight(msg, "\n")
}

// warningCollector gathers the warnings the server sends for one object.
type warningCollector struct {
	mu   sync.Mutex
	list []string
}

func (w *warningCollector) HandleWarningHeader(code int, agent string, text string) {
	if code != 299 || text == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, t := range w.list {
		if t == text {
			return
		}
	}
	w.list = append(w.list, text)
}

// warningClient attaches a warning collector to every request it builds.
type warningClient struct {
	c resource.RESTClient
	w *warningCollector
}

func (c warningClient) Get() *rest.Request    { return c.c.Get().WarningHandler(c.w) }
func (c warningClient) Post() *rest.Request   { return c.c.Post().WarningHandler(c.w) }
func (c warningClient) Delete() *rest.Request { return c.c.Delete().WarningHandler(c.w) }
func (c warningClient) Put() *rest.Request    { return c.c.Put().WarningHandler(c.w) }
func (c warningClient) Patch(pt types.PatchType) *rest.Request {
	return c.c.Patch(pt).WarningHandler(c.w)
}

// transient tells the errors worth another try (no answer from the server,
// or an answer that says "not now") from the server's and kubectl's verdicts.
func transient(err error) bool {
	if err == nil {
		return false
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		utilnet.IsConnectionRefused(err) || utilnet.IsConnectionReset(err) || utilnet.IsProbableEOF(err) {
		return true
	}
	return apierrors.IsTooManyRequests(err) || apierrors.IsServerTimeout(err) || apierrors.IsTimeout(err) ||
		apierrors.IsServiceUnavailable(err) || apierrors.IsInternalError(err) || apierrors.IsUnexpectedServerError(err)
}

// dryRun does what kubectl apply --dry-run=server does for one object.
func (o *oracle) dryRun(info *resource.Info) objectResult {
	gvk := info.Object.GetObjectKind().GroupVersionKind()
	res := objectResult{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind, Name: info.Name}
	if info.Namespaced() {
		res.Namespace = info.Namespace
	}
	w := &warningCollector{}
	helper := resource.NewHelper(warningClient{info.Client, w}, info.Mapping).
		DryRun(true).
		WithFieldManager(fieldManager).
		WithFieldValidation(metav1.FieldValidationStrict)

	// As kubectl apply does before creating: record the last-applied
	// configuration, then prune nulls.
	obj := info.Object.DeepCopyObject()
	var err error // as kubectl would report it
	var raw error // as the client got it (tells transient errors)
	if info.Name == "" {
		// kubectl apply refuses generateName, and otherwise fails its first
		// GET of the object, before anything reaches the server.
		if m, aerr := meta.Accessor(info.Object); aerr == nil && m.GetGenerateName() != "" {
			err = fmt.Errorf("from %s: cannot use generate name with apply", m.GetGenerateName())
		} else {
			_, err = resource.NewHelper(info.Client, info.Mapping).Get(info.Namespace, info.Name)
			if err == nil {
				err = fmt.Errorf("resource name may not be empty")
			}
			err = cmdutil.AddSourceToErr(fmt.Sprintf("retrieving current configuration of:\n%s\nfrom server for:", info.String()), info.Source, err)
		}
	} else if err = kubectlutil.CreateApplyAnnotation(obj, unstructured.UnstructuredJSONScheme); err != nil {
		err = cmdutil.AddSourceToErr("creating", info.Source, err)
	} else {
		if u, ok := obj.(runtime.Unstructured); ok {
			pruneNullsFromMap(u.UnstructuredContent())
		}
		for attempt := 0; ; attempt++ {
			_, raw = helper.Create(info.Namespace, true, obj.DeepCopyObject())
			verb := "creating"
			if apierrors.IsAlreadyExists(raw) {
				// It exists (kube-system, default, a ClusterRole...): judge a
				// replacement of it instead. Replace reads the
				// resourceVersion from the server when obj has none.
				_, raw = helper.Replace(info.Namespace, info.Name, true, obj.DeepCopyObject())
				verb = "replacing"
			}
			if !transient(raw) && !apierrors.IsConflict(raw) || attempt >= 4 {
				if raw != nil {
					err = cmdutil.AddSourceToErr(verb, info.Source, raw)
				}
				break
			}
			time.Sleep(time.Duration(200*(attempt+1)) * time.Millisecond)
		}
	}
	res.Warnings = w.list
	if res.Warnings == nil {
		res.Warnings = []string{}
	}
	switch {
	case err == nil:
		res.Verdict = verdictAccepted
	case transient(raw):
		res.Verdict = verdictError
		res.Message = o.kubectlMessage(err)
	default:
		res.Verdict = verdictRejected
		res.Message = o.kubectlMessage(err)
	}
	return res
}

// ensureNamespace creates namespace name for real if it does not exist,
// then waits for its default ServiceAccount (which the ServiceAccount
// admission plugin needs before it lets a Pod in).
func (o *oracle) ensureNamespace(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), o.nsTimeout)
	defer cancel()
	nsc := o.clientset.CoreV1().Namespaces()
	if _, err := nsc.Get(ctx, name, metav1.GetOptions{}); apierrors.IsNotFound(err) {
		_, err := nsc.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			// An invalid name, say: the dry runs will say what the server
			// thinks of objects in it.
			return
		}
	} else if err != nil {
		fmt.Fprintf(os.Stderr, "oracle: namespace %s: %v\n", name, err)
		return
	}
	sac := o.clientset.CoreV1().ServiceAccounts(name)
	for {
		if _, err := sac.Get(ctx, "default", metav1.GetOptions{}); err == nil {
			return
		}
		select {
		case <-ctx.Done():
			fmt.Fprintf(os.Stderr, "oracle: namespace %s: no default ServiceAccount after %s (is kube-controller-manager running?)\n", name, o.nsTimeout)
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// pruneNullsFromMap is kubectl apply's (k8s.io/kubectl/pkg/cmd/apply), which
// it does not export.
func pruneNullsFromMap(data map[string]interface{}) {
	for k, v := range data {
		if v == nil {
			delete(data, k)
		} else {
			pruneNulls(v)
		}
	}
}

func pruneNulls(v interface{}) {
	switch v := v.(type) {
	case map[string]interface{}:
		pruneNullsFromMap(v)
	case []interface{}:
		for _, e := range v {
			pruneNulls(e)
		}
	}
}

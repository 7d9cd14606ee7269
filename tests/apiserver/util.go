package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// runFreePort prints N distinct free TCP ports on 127.0.0.1, one per line.
// All N listeners are held open until every port is chosen, so the ports are
// distinct; another process may still take one before it is used.
func runFreePort(args []string) int {
	n := 1
	if len(args) > 0 {
		v, err := strconv.Atoi(args[0])
		if err != nil || v < 1 || v > 64 {
			fmt.Fprintln(os.Stderr, "usage: kcp freeport [N]")
			return 2
		}
		n = v
	}
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, "freeport:", err)
			return 1
		}
		ls = append(ls, l)
		fmt.Println(l.Addr().(*net.TCPAddr).Port)
	}
	return 0
}

// runProbe polls URL until it answers 200, or a timeout passes. With
// --pid, it also gives up as soon as that process is gone.
func runProbe(args []string) int {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	caFile := fs.String("ca", "", "CA bundle for https")
	certFile := fs.String("cert", "", "client certificate")
	keyFile := fs.String("key", "", "client key")
	timeout := fs.Duration("timeout", 90*time.Second, "give up after this long")
	pid := fs.Int("pid", 0, "give up at once when this process has exited")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	insecure := fs.Bool("insecure", false, "do not verify the server's certificate (a self-signed health endpoint)")
	var target string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		target, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if target == "" && fs.NArg() == 1 {
		target = fs.Arg(0)
	}
	if target == "" {
		fmt.Fprintln(os.Stderr, "usage: kcp probe URL [--ca F] [--cert F --key F] [--timeout 90s] [--pid PID]")
		return 2
	}
	tlsCfg := &tls.Config{InsecureSkipVerify: *insecure}
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			return 2
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		tlsCfg.RootCAs = pool
	}
	if *certFile != "" {
		pair, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			return 2
		}
		tlsCfg.Certificates = []tls.Certificate{pair}
	}
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: tlsCfg, Proxy: nil},
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	last := ""
	for {
		resp, err := client.Get(target)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if !*quiet {
					fmt.Fprintf(os.Stderr, "probe: %s: %s\n", target, strings.TrimSpace(string(body)))
				}
				return 0
			}
			last = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
		} else {
			last = err.Error()
		}
		if *pid > 0 && !processAlive(*pid) {
			fmt.Fprintf(os.Stderr, "probe: %s: process %d has exited (last answer: %s)\n", target, *pid, last)
			return 1
		}
		select {
		case <-ctx.Done():
			fmt.Fprintf(os.Stderr, "probe: %s: not ready after %s (last answer: %s)\n", target, *timeout, last)
			return 1
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// State is the field after the parenthesised command name; Z is a zombie.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

func runVersion([]string) int {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Println("kcp: no build info")
		return 1
	}
	fmt.Println("go", strings.TrimPrefix(info.GoVersion, "go"))
	for _, d := range info.Deps {
		switch d.Path {
		case "k8s.io/kubernetes", "k8s.io/apiserver", "k8s.io/kubectl", "k8s.io/client-go",
			"go.etcd.io/etcd/server/v3", "go.etcd.io/etcd/client/v3":
			v := d.Version
			if d.Replace != nil {
				v = d.Replace.Version
			}
			fmt.Println(d.Path, v)
		}
	}
	return 0
}

// Command kcp is a multi-call binary holding a whole Kubernetes control plane
// for the project's tests: an embedded etcd, kube-apiserver,
// kube-controller-manager and kubectl, all built from the Kubernetes sources
// pinned in go.mod, plus small helpers (certificates, free ports, readiness
// probes) and the manifest oracle.
//
// It dispatches on its first argument, or on the base name it was started
// under, so that a symlink named kubectl behaves like kubectl.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	_ "time/tzdata" // CronJob time zones, as the upstream mains do

	_ "k8s.io/component-base/logs/json/register"          // JSON log format, as the upstream mains do
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics, as the upstream mains do
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric, as the upstream mains do
)

type command struct {
	run   func(args []string) int
	usage string
}

var commands = map[string]command{
	"etcd":                    {runEtcd, "embedded etcd server (loopback only)"},
	"kube-apiserver":          {runAPIServer, "k8s.io/kubernetes/cmd/kube-apiserver"},
	"kube-controller-manager": {runControllerManager, "k8s.io/kubernetes/cmd/kube-controller-manager"},
	"kubectl":                 {runKubectl, "k8s.io/kubectl (the same command as upstream kubectl)"},
	"certs":                   {runCerts, "certs DIR [--server URL]: CA, serving and client certificates, ServiceAccount keys, kubeconfigs"},
	"oracle":                  {runOracle, "oracle --kubeconfig K [--json] FILE...: kubectl apply --dry-run=server --validate=strict per file"},
	"freeport":                {runFreePort, "freeport [N]: print N free TCP ports on 127.0.0.1"},
	"probe":                   {runProbe, "probe URL [--ca F --cert F --key F] [--timeout 90s]: wait until URL answers 200"},
	"version":                 {runVersion, "print the versions built in"},
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: kcp COMMAND [ARGS...]   (or start it under one of the command names)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-24s %s\n", n, commands[n].usage)
	}
}

func main() {
	name := filepath.Base(os.Args[0])
	name = strings.TrimSuffix(name, ".exe")
	args := os.Args[1:]
	if _, ok := commands[name]; !ok {
		if len(args) == 0 {
			usage()
			os.Exit(2)
		}
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		usage()
		os.Exit(0)
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "kcp: unknown command %q\n", name)
		usage()
		os.Exit(2)
	}
	// The upstream commands read os.Args themselves (cobra, kubectl's plugin
	// handling): make it look as if they had been started on their own.
	os.Args = append([]string{name}, args...)
	os.Exit(c.run(args))
}

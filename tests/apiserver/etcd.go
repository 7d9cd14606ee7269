package main

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// runEtcd starts a single-member etcd through go.etcd.io/etcd/server/v3/embed.
// Only loopback URLs are accepted, so nothing listens beyond the machine.
func runEtcd(args []string) int {
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "data directory (required)")
	name := fs.String("name", "default", "member name")
	clientURL := fs.String("listen-client-urls", "http://127.0.0.1:2379", "client URL (loopback only)")
	peerURL := fs.String("listen-peer-urls", "http://127.0.0.1:2380", "peer URL (loopback only)")
	noFsync := fs.Bool("unsafe-no-fsync", true, "do not fsync (test data only: a crash may lose writes)")
	logLevel := fs.String("log-level", "warn", "debug, info, warn, error")
	quota := fs.Int64("quota-backend-bytes", 2<<30, "backend size quota in bytes")
	startTimeout := fs.Duration("start-timeout", 60*time.Second, "give up if not ready within this time")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "etcd: --data-dir is required")
		return 2
	}
	curl, err := loopbackURL(*clientURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, "etcd: --listen-client-urls:", err)
		return 2
	}
	purl, err := loopbackURL(*peerURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, "etcd: --listen-peer-urls:", err)
		return 2
	}

	cfg := embed.NewConfig()
	cfg.Name = *name
	cfg.Dir = *dataDir
	cfg.ListenClientUrls = []url.URL{*curl}
	cfg.AdvertiseClientUrls = []url.URL{*curl}
	cfg.ListenPeerUrls = []url.URL{*purl}
	cfg.AdvertisePeerUrls = []url.URL{*purl}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.UnsafeNoFsync = *noFsync
	cfg.QuotaBackendBytes = *quota
	cfg.Logger = "zap"
	cfg.LogOutputs = []string{"stderr"}
	cfg.LogLevel = *logLevel

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "etcd: start:", err)
		return 1
	}
	defer e.Close()
	select {
	case <-e.Server.ReadyNotify():
		fmt.Fprintf(os.Stderr, "etcd: ready, serving clients on %s\n", curl.String())
	case <-time.After(*startTimeout):
		e.Server.Stop()
		fmt.Fprintln(os.Stderr, "etcd: not ready within", *startTimeout)
		return 1
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sig:
		fmt.Fprintln(os.Stderr, "etcd: stopping on", s)
		return 0
	case err := <-e.Err():
		fmt.Fprintln(os.Stderr, "etcd: error:", err)
		return 1
	}
}

// loopbackURL parses an http(s) URL whose host is a loopback address.
func loopbackURL(s string) (*url.URL, error) {
	if strings.Contains(s, ",") {
		return nil, fmt.Errorf("one URL only, got %q", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("scheme must be http or https: %q", s)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("host must be a loopback IP address: %q", s)
	}
	if u.Port() == "" {
		return nil, fmt.Errorf("port required: %q", s)
	}
	return u, nil
}

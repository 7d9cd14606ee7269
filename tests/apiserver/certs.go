package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// runCerts writes, into DIR:
//
//	ca.crt ca.key                         the cluster CA
//	front-proxy-ca.crt/.key               the aggregation layer's CA
//	front-proxy-client.crt/.key           CN=front-proxy-client, signed by it
//	apiserver.crt apiserver.key           kube-apiserver's serving certificate
//	admin.crt admin.key                   CN=kubernetes-admin, O=system:masters
//	controller-manager.crt/.key           CN=system:kube-controller-manager
//	sa.key sa.pub                         ServiceAccount token signing key pair (RSA)
//
// and, with --server, admin.kubeconfig and controller-manager.kubeconfig.
func runCerts(args []string) int {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	server := fs.String("server", "", "API server URL; when set, also write admin.kubeconfig and controller-manager.kubeconfig")
	serviceIP := fs.String("service-ip", "10.96.0.1", "first IP of the service range (SAN of the serving certificate)")
	days := fs.Int("days", 365, "validity in days")
	// Accept DIR before or after the flags.
	var dir string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		dir, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if dir == "" && fs.NArg() == 1 {
		dir = fs.Arg(0)
	} else if fs.NArg() != 0 || dir == "" {
		fmt.Fprintln(os.Stderr, "usage: kcp certs DIR [--server https://127.0.0.1:PORT]")
		return 2
	}
	if err := writeCerts(dir, *server, net.ParseIP(*serviceIP), time.Duration(*days)*24*time.Hour); err != nil {
		fmt.Fprintln(os.Stderr, "certs:", err)
		return 1
	}
	return 0
}

func writeCerts(dir, server string, serviceIP net.IP, validity time.Duration) error {
	if serviceIP == nil {
		return fmt.Errorf("--service-ip is not an IP address")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	notBefore := time.Now().Add(-time.Hour)
	notAfter := notBefore.Add(validity)

	newCA := func(name, cn string) (*x509.Certificate, crypto.Signer, error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		tmpl := &x509.Certificate{
			SerialNumber:          serial(),
			Subject:               pkix.Name{CommonName: cn},
			NotBefore:             notBefore,
			NotAfter:              notAfter,
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
		if err != nil {
			return nil, nil, err
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, nil, err
		}
		return cert, key, writePair(dir, name, der, key)
	}
	caCert, caKey, err := newCA("ca", "kubecours-test-ca")
	if err != nil {
		return err
	}
	// The aggregation layer's CA (kube-apiserver's --requestheader-client-ca-file).
	fpCert, fpKey, err := newCA("front-proxy-ca", "kubecours-test-front-proxy-ca")
	if err != nil {
		return err
	}

	leafOf := func(caCert *x509.Certificate, caKey crypto.Signer, name string, tmpl *x509.Certificate) error {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tmpl.SerialNumber = serial()
		tmpl.NotBefore, tmpl.NotAfter = notBefore, notAfter
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tmpl.BasicConstraintsValid = true
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, key.Public(), caKey)
		if err != nil {
			return err
		}
		return writePair(dir, name, der, key)
	}
	leaf := func(name string, tmpl *x509.Certificate) error { return leafOf(caCert, caKey, name, tmpl) }

	if err := leafOf(fpCert, fpKey, "front-proxy-client", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "front-proxy-client"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}); err != nil {
		return err
	}
	if err := leaf("apiserver", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), serviceIP},
	}); err != nil {
		return err
	}
	if err := leaf("admin", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kubernetes-admin", Organization: []string{"system:masters"}},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}); err != nil {
		return err
	}
	if err := leaf("controller-manager", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "system:kube-controller-manager"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}); err != nil {
		return err
	}

	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	saPriv, err := x509.MarshalPKCS8PrivateKey(saKey)
	if err != nil {
		return err
	}
	saPub, err := x509.MarshalPKIXPublicKey(saKey.Public())
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "sa.key"), "PRIVATE KEY", saPriv, 0o600); err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "sa.pub"), "PUBLIC KEY", saPub, 0o644); err != nil {
		return err
	}

	if server != "" {
		for _, k := range []struct{ file, user, cert string }{
			{"admin.kubeconfig", "kubernetes-admin", "admin"},
			{"controller-manager.kubeconfig", "system:kube-controller-manager", "controller-manager"},
		} {
			if err := writeKubeconfig(dir, k.file, server, k.user, k.cert); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeKubeconfig(dir, file, server, user, certName string) error {
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
	ca, err := read("ca.crt")
	if err != nil {
		return err
	}
	crt, err := read(certName + ".crt")
	if err != nil {
		return err
	}
	key, err := read(certName + ".key")
	if err != nil {
		return err
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["kcp"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{ClientCertificateData: crt, ClientKeyData: key}
	cfg.Contexts[user+"@kcp"] = &clientcmdapi.Context{Cluster: "kcp", AuthInfo: user, Namespace: "default"}
	cfg.CurrentContext = user + "@kcp"
	return clientcmd.WriteToFile(*cfg, filepath.Join(dir, file))
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	if err != nil {
		panic(err)
	}
	return n.Add(n, big.NewInt(1))
}

func writePair(dir, name string, der []byte, key crypto.Signer) error {
	if err := writePEM(filepath.Join(dir, name+".crt"), "CERTIFICATE", der, 0o644); err != nil {
		return err
	}
	k, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, name+".key"), "PRIVATE KEY", k, 0o600)
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode)
}

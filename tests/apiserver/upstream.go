package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserverapp "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcmapp "k8s.io/kubernetes/cmd/kube-controller-manager/app"

	_ "k8s.io/client-go/plugin/pkg/client/auth" // client auth plugins, as kubectl's main does
)

// The three upstream mains, as in k8s.io/kubernetes/cmd/*/*.go.

func runAPIServer([]string) int {
	return cli.Run(apiserverapp.NewAPIServerCommand())
}

func runControllerManager([]string) int {
	return cli.Run(kcmapp.NewControllerManagerCommand())
}

func runKubectl([]string) int {
	logs.GlogSetter(kubectlcmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	command := kubectlcmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		kubectlutil.CheckErr(err)
		return 1
	}
	return 0
}

// Command kycd is the offline identity-verification appliance. Everything lives in daemon/.
package main

import (
	"os"

	"github.com/kycd/kycd/daemon"
)

func main() { os.Exit(daemon.Main(os.Args[1:])) }

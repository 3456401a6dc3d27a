//go:build !linux

package replica

import (
	"os"
	"os/exec"
)

// setParentDeath does nothing here: the replicator notices the bot's death when its standard
// input closes (see cmd/bot's replicate command).
func setParentDeath(*exec.Cmd) {}

// interrupt asks the replicator to stop after shipping what is left.
func interrupt(cmd *exec.Cmd) error { return cmd.Process.Signal(os.Interrupt) }

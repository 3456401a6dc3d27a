package replica

import (
	"os/exec"
	"syscall"
)

// setParentDeath makes the kernel kill the replicator when the bot dies, however it dies: a
// replicator left behind would hold the database open for a bot started again.
func setParentDeath(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// interrupt asks the replicator to stop after shipping what is left.
func interrupt(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGTERM) }

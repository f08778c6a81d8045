/* <sys/wait.h> for the Windows cross build of the unit tests (see
 * cp_posix_shim.h). pclose() and system() return the exit code itself on
 * Windows; fork() and waitpid() are stand-ins that always fail. */
#ifndef CP_SHIM_SYS_WAIT_H
#define CP_SHIM_SYS_WAIT_H

#define WIFEXITED(status) 1
#define WEXITSTATUS(status) (status)
#define WIFSIGNALED(status) 0
#define WTERMSIG(status) 0

#endif

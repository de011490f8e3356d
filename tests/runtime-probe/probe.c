/*
 * probe: a small static program run inside containers that reports what it sees.
 *
 * Output is one `key=value` per line on stdout; a key may repeat (arg, env, mount, net).
 *
 *   probe report            identity, capabilities, limits, namespaces' view, mounts, ...
 *   probe alloc MB          touch MB MiB of memory, 1 MiB at a time (prints allocated=N as it goes)
 *   probe forkbomb N        fork up to N sleeping children; forks=K errno=E; reaps them; exit 0
 *   probe spin SECONDS      busy-loop SECONDS of wall time; cpu_ms, wall_ms, cpu_ratio
 *   probe ipc               list the SysV shared memory segments this IPC namespace has
 *   probe ipc create KEY    create a 4 KiB segment with KEY (decimal); prints shm_id=ID
 *   probe ipc remove ID     remove segment ID
 *   probe exit N            exit with status N
 *   probe console SOCKET    (host side) be an OCI console socket: receive the pty master over
 *                           SOCKET, then relay stdin -> master and master -> stdout until the
 *                           pty closes. Prints "ready" once listening.
 *
 * Build: tests/runtime-probe/build.sh OUT   (gcc -static -O2)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void kv(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void kv(const char *key, const char *fmt, ...)
{
    va_list ap;
    printf("%s=", key);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* Lines of /proc/self/status that start with one of the given field names. */
static void status_fields(void)
{
    static const char *fields[] = {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"};
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) { kv("status", "%s", strerror(errno)); return; }
    while (fgets(line, sizeof line, f)) {
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
            size_t n = strlen(fields[i]);
            if (strncmp(line, fields[i], n) == 0 && line[n] == ':') {
                char *v = line + n + 1;
                v += strspn(v, " \t");
                v[strcspn(v, "\n")] = 0;
                kv(fields[i], "%s", v);
            }
        }
    }
    fclose(f);
}

static void rlimits(void)
{
    static const struct { const char *name; int res; } limits[] = {
        {"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC}, {"core", RLIMIT_CORE},
        {"stack", RLIMIT_STACK}, {"memlock", RLIMIT_MEMLOCK}, {"cpu", RLIMIT_CPU},
    };
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        struct rlimit rl;
        char key[32], soft[32], hard[32];
        if (getrlimit(limits[i].res, &rl) != 0) continue;
        snprintf(key, sizeof key, "rlimit.%s", limits[i].name);
        if (rl.rlim_cur == RLIM_INFINITY) strcpy(soft, "unlimited"); else snprintf(soft, sizeof soft, "%llu", (unsigned long long)rl.rlim_cur);
        if (rl.rlim_max == RLIM_INFINITY) strcpy(hard, "unlimited"); else snprintf(hard, sizeof hard, "%llu", (unsigned long long)rl.rlim_max);
        kv(key, "%s:%s", soft, hard);
    }
}

static void first_line(const char *key, const char *path)
{
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    if (!f) { kv(key, "err:%s", strerrorname_np(errno)); return; }
    if (fgets(buf, sizeof buf, f)) buf[strcspn(buf, "\n")] = 0;
    fclose(f);
    kv(key, "%s", buf);
}

/* Interface names from /proc/net/dev (the reader's network namespace). */
static void interfaces(void)
{
    char line[512];
    FILE *f = fopen("/proc/net/dev", "r");
    if (!f) { kv("net", "err:%s", strerrorname_np(errno)); return; }
    for (int n = 0; fgets(line, sizeof line, f); n++) {
        char *colon = strchr(line, ':');
        if (n < 2 || !colon) continue; /* two header lines */
        *colon = 0;
        kv("net", "%s", line + strspn(line, " "));
    }
    fclose(f);
}

/* mount=MOUNTPOINT FSTYPE SOURCE OPTIONS, from /proc/self/mountinfo. */
static void mounts(void)
{
    char line[4096];
    FILE *f = fopen("/proc/self/mountinfo", "r");
    if (!f) { kv("mount", "err:%s", strerrorname_np(errno)); return; }
    while (fgets(line, sizeof line, f)) {
        char *fld[6] = {0}, *save = NULL, *tok = strtok_r(line, " \n", &save);
        for (int i = 0; tok && i < 6; i++, tok = strtok_r(NULL, " \n", &save)) fld[i] = tok;
        while (tok && strcmp(tok, "-") != 0) tok = strtok_r(NULL, " \n", &save); /* optional fields */
        char *fstype = strtok_r(NULL, " \n", &save), *source = strtok_r(NULL, " \n", &save);
        if (!fld[4] || !fstype) continue;
        kv("mount", "%s %s %s %s", fld[4], fstype, source ? source : "-", fld[5] ? fld[5] : "-");
    }
    fclose(f);
}

/* What reading PATH gives: bytes read (files, up to 64 KiB), entries (directories), or err:ERRNO. */
static void readable(const char *path)
{
    char key[128], buf[4096];
    struct stat st;
    snprintf(key, sizeof key, "read.%s", path);
    if (stat(path, &st) != 0) { kv(key, "err:%s", strerrorname_np(errno)); return; }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        int n = 0;
        if (!d) { kv(key, "err:%s", strerrorname_np(errno)); return; }
        for (struct dirent *e; (e = readdir(d));) if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
        closedir(d);
        kv(key, "entries:%d", n);
        return;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) { kv(key, "err:%s", strerrorname_np(errno)); return; }
    long total = 0;
    for (ssize_t r; total < 65536 && (r = read(fd, buf, sizeof buf)) != 0; total += r)
        if (r < 0) { kv(key, "err:%s", strerrorname_np(errno)); close(fd); return; }
    close(fd);
    kv(key, "%ld", total);
}

static void readonly(const char *path)
{
    char key[128];
    struct statvfs sv;
    snprintf(key, sizeof key, "readonly.%s", path);
    if (statvfs(path, &sv) != 0) kv(key, "err:%s", strerrorname_np(errno));
    else kv(key, "%d", (sv.f_flag & ST_RDONLY) ? 1 : 0);
}

static int report(int argc, char **argv)
{
    char buf[4096];
    struct utsname un;
    gid_t groups[256];

    for (int i = 0; i < argc; i++) kv("arg", "%s", argv[i]);
    for (char **e = environ; *e; e++) kv("env", "%s", *e);
    kv("pid", "%d", getpid());
    kv("ppid", "%d", getppid());
    uname(&un);
    kv("hostname", "%s", un.nodename);
    kv("domainname", "%s", un.domainname);
    kv("uid", "%u", getuid());
    kv("euid", "%u", geteuid());
    kv("gid", "%u", getgid());
    kv("egid", "%u", getegid());
    int n = getgroups(256, groups);
    printf("groups=");
    for (int i = 0; i < n; i++) printf(i ? ",%u" : "%u", groups[i]);
    putchar('\n');
    kv("cwd", "%s", getcwd(buf, sizeof buf) ? buf : "?");
    kv("umask", "%04o", umask(022));
    status_fields();
    kv("no_new_privs", "%d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    rlimits();
    first_line("oom_score_adj", "/proc/self/oom_score_adj");
    interfaces();
    mounts();
    readonly("/");
    readonly("/sys");
    readonly("/proc/sys");
    static const char *masked[] = {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/latency_stats",
                                   "/proc/sched_debug", "/proc/scsi", "/proc/acpi", "/sys/firmware"};
    for (size_t i = 0; i < sizeof masked / sizeof *masked; i++) readable(masked[i]);
    if (mount("none", "/tmp", "tmpfs", 0, "") == 0) {
        kv("mount_tmpfs", "ok");
        umount("/tmp");
    } else {
        kv("mount_tmpfs", "err:%s", strerrorname_np(errno));
    }
    return 0;
}

static int alloc(long mb)
{
    for (long i = 1; i <= mb; i++) {
        char *p = malloc(1 << 20);
        if (!p) { kv("alloc_failed_at", "%ld", i); return 1; }
        memset(p, (int)i, 1 << 20);
        if (i % 16 == 0) { kv("allocated", "%ld", i); fflush(stdout); }
    }
    kv("allocated", "%ld", mb);
    return 0;
}

static int forkbomb(long max)
{
    pid_t *kids = calloc((size_t)max, sizeof *kids);
    long forks = 0;
    int err = 0;
    for (; forks < max; forks++) {
        pid_t pid = fork();
        if (pid == 0) { pause(); _exit(0); }
        if (pid < 0) { err = errno; break; }
        kids[forks] = pid;
    }
    for (long i = 0; i < forks; i++) kill(kids[i], SIGKILL);
    while (wait(NULL) > 0) {}
    kv("forks", "%ld", forks);
    kv("errno", "%s", err ? strerrorname_np(err) : "0");
    return 0;
}

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int spin(double secs)
{
    double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    volatile unsigned long sink = 0;
    while (seconds(CLOCK_MONOTONIC) - wall0 < secs)
        for (int i = 0; i < 100000; i++) sink += (unsigned long)i;
    double wall = seconds(CLOCK_MONOTONIC) - wall0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    kv("wall_ms", "%.0f", wall * 1000);
    kv("cpu_ms", "%.0f", cpu * 1000);
    kv("cpu_ratio", "%.3f", cpu / wall);
    return 0;
}

static int ipc(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[0], "create") == 0) {
        int id = shmget((key_t)strtol(argv[1], NULL, 10), 4096, IPC_CREAT | IPC_EXCL | 0600);
        if (id < 0) { kv("error", "shmget: %s", strerror(errno)); return 1; }
        kv("shm_id", "%d", id);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[0], "remove") == 0) {
        if (shmctl(atoi(argv[1]), IPC_RMID, NULL) != 0) { kv("error", "shmctl: %s", strerror(errno)); return 1; }
        return 0;
    }
    struct shm_info info;
    int max = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
    if (max < 0) { kv("error", "shmctl: %s", strerror(errno)); return 1; }
    kv("shm_count", "%d", info.used_ids);
    for (int i = 0; i <= max; i++) {
        struct shmid_ds ds;
        int id = shmctl(i, SHM_STAT, &ds);
        if (id >= 0) kv("shm", "id:%d key:%d", id, (int)ds.shm_perm.__key);
    }
    return 0;
}

/* The console-socket side of `create --console-socket`: see runc's docs/terminals.md. */
static int console(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "probe console: socket path longer than %zu bytes: %s\n", sizeof addr.sun_path - 1, path);
        return 1;
    }
    strcpy(addr.sun_path, path);
    unlink(path);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(ls, 1) != 0) {
        fprintf(stderr, "probe console: %s: %s\n", path, strerror(errno));
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    int cs = accept(ls, NULL, NULL);
    char name[256], cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {.iov_base = name, .iov_len = sizeof name - 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    if (cs < 0 || recvmsg(cs, &msg, 0) < 0) { fprintf(stderr, "probe console: %s\n", strerror(errno)); return 1; }
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    if (!cm || cm->cmsg_type != SCM_RIGHTS) { fprintf(stderr, "probe console: no fd received\n"); return 1; }
    int master;
    memcpy(&master, CMSG_DATA(cm), sizeof master);
    close(cs);
    close(ls);
    unlink(path);

    struct pollfd fds[2] = {{.fd = master, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
    char buf[4096];
    for (;;) {
        if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; return 1; }
        if (fds[0].revents) {
            ssize_t r = read(master, buf, sizeof buf);
            if (r <= 0) return 0; /* EIO: every slave end is closed */
            if (write(1, buf, (size_t)r) < 0) return 1;
        }
        if (fds[1].revents) {
            ssize_t r = read(0, buf, sizeof buf);
            if (r <= 0) fds[1].fd = -1; /* stdin closed: keep relaying output */
            else if (write(master, buf, (size_t)r) < 0) return 1;
        }
    }
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "report";
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (strcmp(cmd, "report") == 0) return report(argc, argv);
    if (strcmp(cmd, "alloc") == 0 && argc > 2) return alloc(atol(argv[2]));
    if (strcmp(cmd, "forkbomb") == 0 && argc > 2) return forkbomb(atol(argv[2]));
    if (strcmp(cmd, "spin") == 0 && argc > 2) return spin(atof(argv[2]));
    if (strcmp(cmd, "ipc") == 0) return ipc(argc - 2, argv + 2);
    if (strcmp(cmd, "exit") == 0 && argc > 2) return atoi(argv[2]);
    if (strcmp(cmd, "console") == 0 && argc > 2) return console(argv[2]);
    fprintf(stderr, "usage: probe report|alloc MB|forkbomb N|spin SECONDS|ipc [create KEY|remove ID]|exit N|console SOCKET\n");
    return 2;
}

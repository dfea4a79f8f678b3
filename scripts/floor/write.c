/* The floor of placing a brief: the system calls a brief's folder cannot do without.
 *
 *     write FOLDER COUNT SIZE...
 *
 * COUNT times: makes a staging folder in FOLDER, creates one file per SIZE (bytes) in it
 * with O_EXCL and writes it, then renames the folder into place (FOLDER/brief-N). Prints the
 * wall and CPU time per brief:
 *     briefs N us_per_brief W cpu_us_per_brief C */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t clock) {
    struct timespec now;
    clock_gettime(clock, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: write FOLDER COUNT SIZE...\n"); return 2; }
    const char *folder = argv[1];
    long count = atol(argv[2]);
    int files = argc - 3;
    long largest = 0;
    for (int f = 0; f < files; f++) if (atol(argv[3 + f]) > largest) largest = atol(argv[3 + f]);
    char *data = malloc(largest);
    memset(data, 'x', largest);
    char staging[4096], final[4096], file[4200];
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (long n = 0; n < count; n++) {
        snprintf(staging, sizeof staging, "%s/.staging-%ld", folder, n);
        snprintf(final, sizeof final, "%s/brief-%ld", folder, n);
        if (mkdir(staging, 0755) != 0) { perror(staging); return 1; }
        for (int f = 0; f < files; f++) {
            snprintf(file, sizeof file, "%s/file-%d", staging, f);
            int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
            long size = atol(argv[3 + f]);
            if (fd < 0 || write(fd, data, size) != size) { perror(file); return 1; }
            close(fd);
        }
        if (rename(staging, final) != 0) { perror(final); return 1; }
    }
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    printf("briefs %ld us_per_brief %.1f cpu_us_per_brief %.1f\n", count, wall * 1e6 / count, cpu * 1e6 / count);
    return 0;
}

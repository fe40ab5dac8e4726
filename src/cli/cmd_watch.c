/* cmd_watch.c — `tocsin watch`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_watch(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'watch' is not available in this build yet\n");
    return 2;
}

/* cmd_extract.c — `tocsin extract`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_extract(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'extract' is not available in this build yet\n");
    return 2;
}

/* cmd_export.c — `tocsin export`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'export' is not available in this build yet\n");
    return 2;
}

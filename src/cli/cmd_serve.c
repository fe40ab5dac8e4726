/* cmd_serve.c — `tocsin serve`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'serve' is not available in this build yet\n");
    return 2;
}

/* cmd_ingest.c — `tocsin ingest`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_ingest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'ingest' is not available in this build yet\n");
    return 2;
}

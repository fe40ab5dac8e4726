#!/usr/bin/python3
"""make_hostile.py SHAPE UNITS OUT — writes an HTML page of one hostile shape,
repeated UNITS times, to OUT. Each shape stresses one part of the HTML path
(the pre-parse filter, gumbo's tokenizer and tree builder, the extractor's
walks): a page of N units must cost time linear in N. Used by
tests/integration/hostile_input.sh for the size-scaling check (10x the units
may cost at most ~15x the time) and to reproduce reports by hand."""
import sys

SHAPES = {
    # one tag with very many attributes: gumbo compares each new attribute with
    # all earlier ones (69 s for a 1 MB tag before the pre-parse filter capped them)
    'attrs': lambda n: '<div ' + ''.join('a%d="v" ' % i for i in range(n)) + '>x</div>',
    'dupattrs': lambda n: '<div ' + 'a="v" ' * n + '>x</div>',
    'unclosed-attrs': lambda n: '<p>text</p><div ' + ''.join('a%d=v ' % i for i in range(n)),
    'flat': lambda n: '<html><body>' + '<b>x</b>' * n,
    'tiny': lambda n: '<i></i>' * n,
    'deep': lambda n: '<div>' * n + 'x' + '</div>' * n,
    'paragraphs': lambda n: '<p>word ' * n,
    'tables': lambda n: '<table><tr><td>' * n,
    'formatting': lambda n: '<p>' + '<b><i><u>x' * n,
    'end-tags': lambda n: '</b>' * n,
    'bare-lt': lambda n: '<a ' * n,
    'open-quotes': lambda n: '<a b="' * n,
    'entities': lambda n: '<p>' + '&amp;' * n,
    'comments': lambda n: '<!--' * n,
    'scripts': lambda n: '<script>' * n,
    'lists': lambda n: '<ul>' + '<li>item ' * n,
    'links': lambda n: '<p>' + '<a href="/x">link</a> ' * n,
}

if __name__ == '__main__':
    if len(sys.argv) == 2 and sys.argv[1] == '--list':
        print('\n'.join(SHAPES))
        sys.exit(0)
    shape, units, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, 'w') as f:
        f.write(SHAPES[shape](units))

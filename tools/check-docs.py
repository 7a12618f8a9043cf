#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-docs.py FILE.rst... - every reStructuredText file of
# Documentation/ parses without a warning (docutils: a too-short title
# underline, a stray merge marker, a broken list or table, an unknown
# directive). Sphinx's own directives (toctree) are accepted unchecked.
# Prints TAP: one line per file, the messages as comments.
import io
import sys

from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives


class Sphinx(Directive):
    """A Sphinx-only directive: its content is not docutils'."""
    has_content = True
    optional_arguments = 99
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


class AnyOption(dict):
    def __getitem__(self, key):
        return directives.unchanged


Sphinx.option_spec = AnyOption()
directives.register_directive('toctree', Sphinx)

failed = 0
print('1..%d' % len(sys.argv[1:]))
for n, path in enumerate(sys.argv[1:], 1):
    err = io.StringIO()
    with open(path, encoding='utf-8') as f:
        text = f.read()
    try:
        publish_doctree(text, source_path=path,
                        settings_overrides={'warning_stream': err,
                                            'report_level': 2,
                                            'halt_level': 5})
    except Exception as e:  # a parser crash is a failure too
        err.write('%s\n' % e)
    if err.getvalue():
        failed += 1
        print('not ok %d rst %s' % (n, path))
        for line in err.getvalue().splitlines():
            print('# ' + line)
    else:
        print('ok %d rst %s' % (n, path))
sys.exit(1 if failed else 0)

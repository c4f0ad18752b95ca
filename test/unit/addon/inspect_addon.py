"""Reads the addon the way Odoo would before loading it: prints its manifest and every
Python/XML file (named on stdin, one per line) that does not parse, as JSON."""
import ast
import json
import sys
import xml.etree.ElementTree as ElementTree

addon_dir = sys.argv[1]
with open(f"{addon_dir}/__manifest__.py", encoding="utf-8") as handle:
    manifest = ast.literal_eval(handle.read())

errors = []
for path in filter(None, sys.stdin.read().splitlines()):
    try:
        if path.endswith(".py"):
            with open(path, encoding="utf-8") as handle:
                ast.parse(handle.read(), filename=path)
        elif path.endswith(".xml"):
            ElementTree.parse(path)
    except (SyntaxError, ElementTree.ParseError, UnicodeDecodeError) as error:
        errors.append(f"{path}: {error}")

json.dump({"manifest": manifest, "errors": errors}, sys.stdout)

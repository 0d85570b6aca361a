"""Functions and classes of Python files by Python's own parser, as JSON, for measure.ts.

For each file given: {"file": path, "units": [{"kind": "function"|"class", "start": n, "end": n}]},
start on the first decorator, end on the last line of the body (Python's end_lineno).
"""
import ast
import json
import sys

out = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    units = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            units.append({"kind": kind, "start": start, "end": node.end_lineno})
    out.append({"file": path, "units": units})
json.dump(out, sys.stdout)

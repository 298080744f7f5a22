"""Execute a notebook with nbclient and report the cells that failed.

Usage: execute-notebook.py INPUT OUTPUT KERNEL_NAME TIMEOUT_SECONDS

The executed notebook is written to OUTPUT even when cells fail. The last line of standard
output is JSON: {"failures": [{"cell": N, "message": "..."}]}, with 1-based code cell numbers.

nbclient's own check reads `error` outputs, but tslab reports an exception through the
execute reply's status and the cell's stderr stream only. This runner reads the reply, so a
failing TypeScript cell counts as a failure. It also copies the reply's execution count into
the cell, which nbclient does only for kernels that send `execute_input`.
"""

import json
import os
import re
import sys

import nbformat
from nbclient import NotebookClient


def first_error_line(cell):
    """Return the line of the cell's stderr that states the error, or a generic message.

    tslab prints a runtime error as a source excerpt followed by `Error: message`, and a
    compile error as `line:column - message`.
    """
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            lines = [line.strip() for line in "".join(output.get("text", "")).splitlines() if line.strip()]
            stated = [line for line in lines if re.match(r"^(\w*Error\b|\d+:\d+ - )", line)]
            if stated or lines:
                return (stated or lines)[0]
    return "the kernel reported an error"


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    source, target, kernel_name, timeout = argv[1], argv[2], argv[3], int(argv[4])

    notebook = nbformat.read(source, as_version=4)
    code_cells = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    failures = []

    def on_cell_executed(cell, cell_index, execute_reply):
        content = (execute_reply or {}).get("content", {})
        if content.get("execution_count"):
            cell["execution_count"] = content["execution_count"]
        if content.get("status") == "error":
            failures.append({"cell": code_cells.index(cell_index) + 1, "message": first_error_line(cell)})

    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=timeout,
        allow_errors=True,
        on_cell_executed=on_cell_executed,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    try:
        client.execute()
    finally:
        nbformat.write(notebook, target)
    print(json.dumps({"failures": failures}))


if __name__ == "__main__":
    main(sys.argv)

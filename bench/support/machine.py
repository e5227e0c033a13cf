"""What machine a benchmark ran on, for the record in bench/RESULTS.md."""
from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    """Describe the machine: cores, CPU model, Python version."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"

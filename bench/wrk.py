"""Running wrk and reading its report."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class WrkResult:
    command: str
    requests_per_s: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    latency_ms: dict[str, float]

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors


def ensure_wrk() -> str:
    """wrk from Debian; installed with apt when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and Path("/proc/self").exists() and __import__("os").geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=False)  # noqa: S607
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],  # noqa: S607
            check=True,
            env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        )
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    return found


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        return float("nan")
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(
    url: str,
    *,
    duration: int,
    connections: int,
    threads: int = 1,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
) -> WrkResult:
    cmd = [
        ensure_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    if script is not None:
        cmd += ["-s", str(script)]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=duration + 60).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    latency = {p: _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, flags=re.M)}
    shown = " ".join(c if " " not in c else repr(c) for c in cmd)
    for name, value in (headers or {}).items():
        shown = shown.replace(value, "<" + name.lower() + ">")
    return WrkResult(
        command=shown.replace(cmd[0], "wrk", 1),
        requests_per_s=rps,
        requests=total,
        non_2xx_3xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=sum(int(x) for x in sock.groups()) if sock else 0,
        latency_ms=latency,
    )


def rotation_script(paths: list[str], folder: Path) -> Path:
    """A wrk Lua script that sends each connection's requests round the given paths."""
    items = ", ".join('"' + p.replace('"', "") + '"' for p in paths)
    script = folder / "rotate.lua"
    script.write_text(
        "local paths = {" + items + "}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = (i % #paths) + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n"
    )
    return script

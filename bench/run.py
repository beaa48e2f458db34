"""Lance tous les benchmarks (bench/bench_*.py) et affiche leurs chiffres.

.venv/bin/python bench/run.py            # tailles de l'issue (long)
.venv/bin/python bench/run.py --small    # tailles réduites (CI)
.venv/bin/python bench/run.py lieux      # un seul
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a.startswith("--")]
    names = [a for a in argv if not a.startswith("--")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    if not scripts:
        print("Aucun benchmark trouvé.")
        return 1
    failures = 0
    for script in scripts:
        print(f"\n##### {script.stem} {' '.join(flags)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *flags], cwd=HERE.parent)
        print(
            f"##### {script.stem} : {'OK' if code == 0 else f'ÉCHEC ({code})'} en {time.perf_counter() - start:.1f} s"
        )
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

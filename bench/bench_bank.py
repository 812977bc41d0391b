"""A bank of 500 documents: save, first (cold) listing, filtered listing, zip export and import."""

import shutil
import tempfile
import time
from pathlib import Path

from scenario_lib.bank import Bank, sample_bank_dir


def main(count: int = 500) -> None:
    source = Bank(sample_bank_dir(), create=False)
    docs = [source.get(e.id) for e in source.list()]
    work = Path(tempfile.mkdtemp(prefix="spirale-bench-"))
    try:
        bank = Bank(work / "banque")
        start = time.perf_counter()
        for i in range(count):
            doc = docs[i % len(docs)]
            bank.save(doc.model_copy(update={"id": f"bench-{i:04d}", "revision": 0, "title": f"{doc.title} {i}"}))
        saved = time.perf_counter() - start
        print(
            f"{count} enregistrements              : {saved:.2f} s ({saved / count * 1000:.1f} ms chacun, fsync compris)"
        )
        cold = Bank(work / "banque")
        start = time.perf_counter()
        listed = len(cold.list())
        print(f"première liste de {listed} documents : {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        cold.list(text="reclamation", level="terminale")
        print(f"liste filtrée (déjà lue)         : {(time.perf_counter() - start) * 1000:.0f} ms")
        start = time.perf_counter()
        cold.export_zip(work / "banque.zip")
        print(f"export zip                       : {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        report = Bank(work / "autre").import_zip(work / "banque.zip")
        print(f"import zip                       : {time.perf_counter() - start:.2f} s ({len(report.added)} ajoutés)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

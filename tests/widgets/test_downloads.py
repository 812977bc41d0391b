"""Download links and the zip shared by the batch and PFMP tabs."""

import base64
import io
import re
import zipfile

from scenario_lib.widgets.downloads import download_link, make_zip


def test_make_zip_holds_each_file_under_its_name_and_travels_as_a_link(tmp_path):
    files = []
    for name, text in (("a.md", "premier"), ("b.html", "<p>second</p>")):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    archive = make_zip(files, tmp_path / "lot.zip")
    link = download_link(archive, "Tout télécharger")
    assert 'download="lot.zip"' in link and "data:application/zip;base64," in link
    payload = base64.b64decode(re.search(r"base64,([^\"]+)\"", link).group(1))
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        assert sorted(z.namelist()) == ["a.md", "b.html"]
        assert z.read("b.html").decode() == "<p>second</p>"

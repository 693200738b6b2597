"""Bad input never stops a batch: each bad file gives one clear per-file event."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from searchlib.errors import IngestError
from searchlib.ingest import (
    Article,
    IngestEvent,
    IngestFailure,
    IngestWarning,
    decode,
    discover,
    ingest,
    read_source,
)
from searchlib.ingest.files import MAX_PAGE_BYTES

GOOD_PAGE = (
    "Judul Berita Contoh yang Cukup Panjang\n\n"
    "Senin, 2 Januari 2023 10:00 WIB\n\n"
    "JAKARTA - Pemerintah mengumumkan kebijakan baru tentang pengelolaan sampah plastik "
    "di kota-kota besar pada hari Senin, menurut keterangan resmi kementerian.\n\n"
    "Kebijakan itu akan berlaku mulai bulan depan dan diawasi oleh pemerintah daerah masing-masing "
    "bersama kelompok masyarakat setempat.\n"
)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def articles(events: list[IngestEvent]) -> list[Article]:
    return [e for e in events if isinstance(e, Article)]


def failures(events: list[IngestEvent]) -> list[IngestFailure]:
    return [e for e in events if isinstance(e, IngestFailure)]


def warnings(events: list[IngestEvent]) -> list[IngestWarning]:
    return [e for e in events if isinstance(e, IngestWarning)]


def only_failure(events: list[IngestEvent]) -> IngestFailure:
    assert not articles(events)
    [failure] = failures(events)
    assert "\n" not in failure.message
    return failure


def test_binary_file_is_skipped_with_a_message(tmp_path: Path) -> None:
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    assert "binary" in only_failure(read_source(path)).message


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(20_000)
    path = write(tmp_path, "noise.txt", data)
    assert "binary" in only_failure(read_source(path)).message


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    assert "empty" in only_failure(read_source(write(tmp_path, "empty.txt", b""))).message


def test_page_without_story_text_is_no_article(tmp_path: Path) -> None:
    path = write(tmp_path, "menu.txt", "Beranda\nADVERTISEMENT\nBerita Terkait\n")
    message = only_failure(read_source(path)).message
    assert message.startswith(f"no article found in {path}")


def test_whitespace_only_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", " \n\t\n\u00a0\n  \r\n")
    assert "whitespace" in only_failure(read_source(path)).message


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    data = GOOD_PAGE.encode("utf-8") + b"\nKalimat rusak \xff\xfe di sini."
    events = read_source(write(tmp_path, "broken.txt", data))
    assert len(articles(events)) == 1
    assert "not UTF-8" in warnings(events)[0].message


def test_cp1252_text_keeps_its_characters(tmp_path: Path) -> None:
    page = GOOD_PAGE.replace("Pemerintah mengumumkan", "“Pemerintah” mengumumkan café")
    events = read_source(write(tmp_path, "legacy.txt", page.encode("cp1252")))
    [article] = articles(events)
    assert "“Pemerintah” mengumumkan café" in article.text
    assert "cp1252" in warnings(events)[0].message


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    events = read_source(write(tmp_path, "wide.txt", GOOD_PAGE.encode("utf-16")))
    [article] = articles(events)
    assert article.title == "Judul Berita Contoh yang Cukup Panjang"
    assert "UTF-16" in warnings(events)[0].message


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    events = read_source(write(tmp_path, "wide.txt", GOOD_PAGE.encode("utf-16-le")))
    [article] = articles(events)
    assert article.title == "Judul Berita Contoh yang Cukup Panjang"
    assert "UTF-16" in warnings(events)[0].message


def test_utf8_bom_with_broken_bytes_still_warns(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + GOOD_PAGE.encode("utf-8") + b"\nRusak \xff di sini."
    events = read_source(write(tmp_path, "bom-broken.txt", data))
    assert len(articles(events)) == 1
    assert "not UTF-8" in warnings(events)[0].message


def test_utf8_bom_and_crlf_are_invisible(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + GOOD_PAGE.replace("\n", "\r\n").encode("utf-8")
    events = read_source(write(tmp_path, "bom.txt", data))
    [article] = articles(events)
    assert not warnings(events)
    assert article.title == "Judul Berita Contoh yang Cukup Panjang"
    assert all("\r" not in p and "\ufeff" not in p for p in article.body)


def test_nul_and_control_characters_are_removed(tmp_path: Path) -> None:
    page = GOOD_PAGE.replace("sampah plastik", "sampah\x00 plastik\x07").replace(
        "bulan", "\x1bbulan"
    )
    events = read_source(write(tmp_path, "control.txt", page))
    [article] = articles(events)
    assert not any(ch in article.text for ch in "\x00\x07\x1b")
    assert "plastik" in article.text
    assert "control characters" in warnings(events)[0].message


def test_no_break_and_zero_width_spaces_are_normalised(tmp_path: Path) -> None:
    page = GOOD_PAGE.replace("kebijakan baru", "kebijakan\u00a0ba\u200bru")
    [article] = articles(read_source(write(tmp_path, "spaces.txt", page)))
    assert "kebijakan baru" in article.text


def test_one_megabyte_single_line_does_not_hang(tmp_path: Path) -> None:
    line = ("kata " * 210_000).strip()
    events = read_source(write(tmp_path, "oneline.txt", line))
    [article] = articles(events)
    assert sum(len(p) for p in article.body) + len(article.title) >= len(line) // 2


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_PAGE_BYTES
    message = only_failure(read_source(path)).message
    assert "too large" in message and "50" in message


def test_jsonl_with_one_broken_line_keeps_the_others(tmp_path: Path) -> None:
    good = [
        {"id": f"a{i}", "title": f"Judul {i}", "text": f"Isi berita nomor {i}."} for i in range(3)
    ]
    lines = [json.dumps(good[0]), '{"id": "x", "text": ', json.dumps(good[1]), json.dumps(good[2])]
    events = read_source(write(tmp_path, "corpus.jsonl", "\n".join(lines) + "\n"))
    assert [a.id for a in articles(events)] == ["a0", "a1", "a2"]
    [failure] = failures(events)
    assert "line 2" in failure.message and "invalid JSON" in failure.message


def test_jsonl_record_without_text_is_reported(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok", "text": "Ada isinya."}),
        json.dumps({"id": "kosong"}),
        "[1, 2]",
    ]
    events = read_source(write(tmp_path, "corpus.jsonl", "\n".join(lines)))
    assert [a.id for a in articles(events)] == ["ok"]
    messages = [f.message for f in failures(events)]
    assert len(messages) == 2
    assert "no text" in messages[0] and "not an object" in messages[1]


def test_csv_with_missing_columns(tmp_path: Path) -> None:
    data = "id,title,text\n1,Judul Satu,Isi pertama.\n2,Judul Dua\n3,Judul Tiga,Isi ketiga.\n"
    events = read_source(write(tmp_path, "corpus.csv", data))
    assert [a.id for a in articles(events)] == ["1", "3"]
    [failure] = failures(events)
    assert failure.message.startswith("line 3:")


def test_csv_without_a_text_column_is_one_failure(tmp_path: Path) -> None:
    events = read_source(write(tmp_path, "meta.csv", "id,title\n1,Judul\n"))
    assert "no text column" in only_failure(events).message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", GOOD_PAGE)
    path.chmod(0)
    try:
        assert "permission" in only_failure(read_source(path)).message
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists every folder")
def test_unlistable_folder_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", GOOD_PAGE)
    locked = tmp_path / "locked"
    locked.mkdir()
    write(locked, "b.txt", GOOD_PAGE)
    locked.chmod(0)
    try:
        events = list(ingest([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert [a.id for a in articles(events)] == ["a"]
    assert "permission" in failures(events)[0].message


def test_permission_errors_become_failures_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same paths as the two tests above, with the refusal simulated."""
    write(tmp_path, "a.txt", GOOD_PAGE)
    secret = write(tmp_path, "secret.txt", GOOD_PAGE)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open, real_scandir = os.open, os.scandir

    def refusing_open(path: object, *args: object, **kwargs: object) -> object:
        if Path(str(path)) == secret:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type, call-overload]

    def refusing_scandir(path: object) -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "scandir", refusing_scandir)
    events = list(ingest([tmp_path]))
    assert [a.id for a in articles(events)] == ["a"]
    reported = {Path(f.source_path).name: f.message for f in failures(events)}
    assert set(reported) == {"locked", "secret.txt"}
    assert all("permission denied" in message for message in reported.values())


def test_symlink_loop_in_a_folder_is_walked_once(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    write(folder, "a.txt", GOOD_PAGE)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    found = list(discover([folder]))
    assert [p.name for p in found] == ["a.txt", "self.txt"]
    events = list(ingest([folder]))
    assert [a.id for a in articles(events)] == ["a"]
    assert failures(events)[0].source_path.endswith("self.txt")


def test_folder_walk_picks_known_extensions_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.jsonl", "c.csv", "d.html", "e.TXT"):
        write(tmp_path, name, "x")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "f.txt", "x")
    names = [p.name for p in discover([tmp_path])]
    assert names == ["a.jsonl", "b.txt", "c.csv", "d.html", "e.TXT", "f.txt"]


def test_a_batch_of_bad_files_still_indexes_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "1_good.txt", GOOD_PAGE)
    write(tmp_path, "2_empty.txt", b"")
    write(tmp_path, "3_binary.txt", b"\x00\x01\x02\x03" * 1000)
    write(tmp_path, "4_good.txt", GOOD_PAGE.replace("Contoh", "Kedua"))
    events = list(ingest([tmp_path]))
    assert [a.id for a in articles(events)] == ["1_good", "4_good"]
    assert sorted(Path(f.source_path).name for f in failures(events)) == [
        "2_empty.txt",
        "3_binary.txt",
    ]


def test_strict_mode_raises_on_the_first_failure(tmp_path: Path) -> None:
    write(tmp_path, "1_good.txt", GOOD_PAGE)
    write(tmp_path, "2_empty.txt", b"")
    with pytest.raises(IngestError, match="2_empty.txt: empty file"):
        list(ingest([tmp_path], strict=True))


def test_missing_path_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    events = list(ingest([tmp_path / "nope.txt"]))
    assert "cannot read" in only_failure(events).message


def test_decode_raises_for_binary_and_empty() -> None:
    with pytest.raises(IngestError, match="empty"):
        decode(b"", "x.txt")
    with pytest.raises(IngestError, match="binary"):
        decode(b"%PDF-1.7\n" + bytes(1000), "x.txt")

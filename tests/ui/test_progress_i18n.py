"""Progress saved atomically; the language chosen from flag, environment or locale."""

import json

from kubetui.progress import Progress
from kubetui.ui.i18n import STRINGS, detect_lang, t


def test_progress_round_trip_keeps_the_best(tmp_path):
    p = Progress(path=tmp_path / "d" / "progress.json")
    p.record("a", stars=2, passed=True, points=70)
    p.record("a", stars=1, passed=False, points=20)
    p.save()
    again = Progress.load(tmp_path / "d" / "progress.json")
    assert again.stars("a") == 2 and again.completed("a")
    assert again.scenarios["a"]["plays"] == 2 and again.scenarios["a"]["bestPoints"] == 70
    assert [f.name for f in (tmp_path / "d").iterdir()] == ["progress.json"]


def test_unreadable_progress_starts_fresh(tmp_path):
    f = tmp_path / "progress.json"
    f.write_text("{not json")
    assert Progress.load(f).scenarios == {}
    f.write_text(json.dumps(["a list"]))
    assert Progress.load(f).scenarios == {}


def test_language_detection(monkeypatch):
    monkeypatch.delenv("KUBETUI_LANG", raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert detect_lang(None) == "ko"
    assert detect_lang("en") == "en"
    monkeypatch.setenv("KUBETUI_LANG", "en")
    assert detect_lang(None) == "en"
    monkeypatch.setenv("KUBETUI_LANG", "fr")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert detect_lang(None) == "en"


def test_every_string_has_both_languages():
    for key, (en, ko) in STRINGS.items():
        assert en and ko, key
        assert en.count("{") == ko.count("{"), key
    assert t("scale.prompt", "ko", name="web") == "web 의 레플리카 수:"

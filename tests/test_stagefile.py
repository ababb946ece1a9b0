"""Stage files (config/*.toml): one shape, checked when a stage is built."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from worker import stagefile
from worker.errors import ConfigError
from worker.settings import CONFIG_DIR
from worker.stages.clean.phrases import BoilerplateFile, Phrases
from worker.stages.dates.stage import DatesFile
from worker.stages.entities.lexicon import EntitiesFile, EntityConfig
from worker.stages.keywords.stage import KeywordsFile
from worker.stages.quotes.tables import Lexicons, QuotesFile

FILES: dict[str, type[stagefile.StageFile]] = {
    "boilerplate.toml": BoilerplateFile,
    "dates.toml": DatesFile,
    "entities.toml": EntitiesFile,
    "keywords.toml": KeywordsFile,
    "quotes.toml": QuotesFile,
}


def _data(name: str) -> dict[str, Any]:
    return tomllib.loads((CONFIG_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_shipped_stage_file_has_the_one_shape(name: str) -> None:
    model = FILES[name]
    tables = stagefile.load(CONFIG_DIR / name, model).model_dump()["lang"]
    assert tables
    assert all(code == "common" or len(code) in (2, 3) for code in tables)
    assert set(_data(name)) - {"lang"} <= set(model.model_fields)


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        # a key the stage does not know (a typo) in a language table
        ("keywords.toml", lambda d: d["lang"]["en"].update(joinerz=["of"]), r"lang\.en\.joinerz"),
        ("quotes.toml", lambda d: d["lang"]["de"].update(verb=["sagte"]), r"lang\.de\.verb"),
        # a table under a name that is no language code
        ("dates.toml", lambda d: d["lang"].update(english={}), r"lang.*english"),
        # an option missing: no default hides in code
        ("keywords.toml", lambda d: d.pop("max_words"), r"max_words.*[Ff]ield required"),
        ("entities.toml", lambda d: d["gazetteer"].pop("aliases"), r"gazetteer\.aliases"),
        # a value of the wrong type, or out of range
        ("dates.toml", lambda d: d.update(min_year="soon"), r"min_year"),
        ("dates.toml", lambda d: d.update(weekday_window=[-1, 2]), r"weekday_window.*7 days"),
        ("boilerplate.toml", lambda d: d["lang"]["en"].update(stopwords=["the"]), r"stopwords"),
        # a whole section missing
        ("boilerplate.toml", lambda d: d.pop("byline"), r"byline"),
    ],
)
def test_a_broken_stage_file_is_a_config_error_naming_the_file_and_key(
    tmp_path: Path, name: str, change: Any, message: str
) -> None:
    data = _data(name)
    change(data)
    with pytest.raises(ConfigError, match=rf"{name}: .*{message}"):
        stagefile.validate(data, FILES[name], str(tmp_path / name))


def test_the_loaders_check_their_file(tmp_path: Path) -> None:
    broken = tmp_path / "quotes.toml"
    broken.write_text('[lang.en]\nverbs = ["said"]\nspoken = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"quotes\.toml: lang\.en\.spoken"):
        Lexicons.load(broken)
    broken = tmp_path / "entities.toml"
    broken.write_text("[backends]\ndefault = 'rules'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"entities\.toml: spacy"):
        EntityConfig.load(broken)
    broken = tmp_path / "boilerplate.toml"
    broken.write_text("[widget]\nlines = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"boilerplate\.toml"):
        Phrases.load(broken)

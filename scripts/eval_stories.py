"""Score the `stories` stage: story B³ over arrival orders, and near-duplicates.

Usage:
    python scripts/eval_stories.py PATH [--orders 3] [--copies 200] [--split all|train|dev]
                                        [--order random|published|same-days]
                                        [--labels scripts/aeb_stories.toml]
                                        [--json FIGURES.json] [--ceiling]

PATH is a JSON-lines file of documents with `doc_id`, `text` and their gold story `cluster`
(ECB+ as ../shared/bench/stories/ships it; `topic` pairs two events of one kind, the hard
negatives). Each order is a random permutation (seeds 0, 1, ...) of the documents, with
`--copies` constructed near-duplicates inserted at random points after their originals. Every
order goes through `ingest run` as files in that order (so what is measured is what the
command does, with state in memory for the run).

`--order published` keeps the documents whose text gives a publication day (the
`published` that `ingest run` extracts: ECB+'s newer documents carry one, its older ones do
not) and streams them in publication order, the day's documents in random order (seeds 0,
1, ...): how a live stream arrives. Compare with `--order random` on the same documents
(`--dated`) to see what arrival out of publication order costs.

`--order same-days` dates every document (a date line above its text, which `ingest run`
reads as `published`): the day its topic's two events share, plus 0 to 2 days (topics 3
days apart), and streams them in that order. Two events of one kind then come on the same
days, as two storms or two match reports do in a live stream, and `published` cannot tell
them apart (the years their texts name still can): the hard negatives with nothing but
the words, the names and the years to go by.

PATH may instead be the article-extraction-benchmark's folder (../shared/bench/aeb: 181 real
news and blog pages, `html/<id>.html.gz`, most published on 18-20 November 2019) with the
stories this team labelled in `--labels`: one event as a media monitor groups it, a page in
no group a story of its own, and the pages an honest reader could put either way streamed
but not scored. The pages go through `ingest run` as HTML, without constructed copies;
`--order published` streams them as a live stream would.

Every stream is also given to the online baseline of the ECB+ data's README (one pass;
TF-IDF whose document frequencies count only the texts already streamed; cosine to each
story's running centroid; a new story under 0.2), on the text the records carry, and scored
on the same articles.

A constructed copy is an original with two or three of: a new headline, the text trimmed
to 50-80% of its lines, a dateline before the first line, an editor's note and credits
after the last, 3% of the words dropped, and its lines regrouped into paragraphs with
web furniture between them ("Advertisement", "Read more: ..."), which the clean stage is
expected to remove.

`--ceiling` also places each order's records again, in this process, through the stage
with the gold stories at hand, to show what each kind of error costs (and so how far tuning
the stage's threshold and penalties could go): B³ F1 when every join of an article into a
story holding none of its gold story's articles is refused (a story opened instead), when
every article that opened a story joins the candidate its gold story leads instead (when
the stage found one), and both. The records are those of `ingest run`; placed again without
the gold stories, every article gets the story it got there (checked).

Figures:
- stories: B³ precision, recall and F1 of the originals' `story.id` against `cluster`
  (copies are left out of the score), per order and their mean, and the baseline's; the
  number of stories and the largest one's size against the largest gold story. Then the
  same after following the merges the records announce (`story.merged`: what a consumer
  of `ingest:stories` sees), with the number of merges.
- near-duplicates: pairs are "the same text" when one is a constructed copy of the other
  (or of a copy of it), or when half of the shorter one's 5-word shingles are in the other
  (exact containment >= 0.5: the wire copies ECB+ itself holds, one gold story each); pairs
  under 0.2 are independent reports; links between 0.2 and 0.5 are counted apart
  (ambiguous) and not scored. Precision: the share of scored `duplicate_of` links that join
  the same text; recall: the share of articles with an earlier same text in the stream that
  got a link, or have the earlier one's `article_id` (an exact repeat: a worker's ledger
  skips those); hard negatives: wrong links inside one gold story.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import stopwordsiso

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import f1, write_figures

from worker.article import Article
from worker.logs import configure
from worker.settings import load_settings
from worker.stages.stories import stage

ROOT = Path(__file__).resolve().parent.parent
INGEST = Path(sys.executable).parent / "ingest"
_WORD = re.compile(r"\w+")
SAME = 0.5  # exact containment from which two corpus documents are one text (a copy)
INDEPENDENT = 0.2  # ...and below which they are independent reports; links between are not scored
SHOWN = 12  # errors listed for the first order
FURNITURE = ("Advertisement", "Read more: our coverage of the week", "Share this article")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("path", type=Path)
    p.add_argument("--orders", type=int, default=3)
    p.add_argument("--copies", type=int, default=200)
    p.add_argument("--split", default="all", choices=("all", "train", "dev"))
    p.add_argument("--order", default="random", choices=("random", "published", "same-days"))
    p.add_argument("--dated", action="store_true", help="only documents with a published day")
    p.add_argument("--labels", type=Path, default=ROOT / "scripts" / "aeb_stories.toml")
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--ceiling", action="store_true", help="B³ with each kind of error undone")
    args = p.parse_args()
    if args.path.is_dir():  # web pages: stories as labelled, no constructed copies
        docs, args.copies = pages(args.path, args.labels), 0
    else:
        docs = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines()]
        docs = [d for d in docs if args.split == "all" or d.get("split") == args.split]
    if args.order == "published" or args.dated:
        docs = dated(docs)
    scored = [d for d in docs if d.get("scored", True)]
    print(f"{len(docs)} documents ({len(docs) - len(scored)} unscored), "
          f"{len({d['cluster'] for d in scored})} gold stories, {args.order} order")  # fmt: skip
    runs = [run_order(docs, seed, args.copies, args.order) for seed in range(args.orders)]
    figures = summarize(runs)
    if args.ceiling:
        figures |= ceilings(runs)
    write_figures(args.json, figures)


def pages(folder: Path, labels: Path) -> list[dict[str, Any]]:
    """The article-extraction-benchmark's pages (`html/<id>.html.gz`) as documents, each in
    the story `labels` gives it (its own when none), unscored where the labels say so."""
    marks = tomllib.loads(labels.read_text(encoding="utf-8"))
    story = {page: name for name, ids in marks["stories"].items() for page in ids}
    unscored = set(marks["unscored"])
    docs = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        page = path.name.removesuffix(".html.gz")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        cluster = story.get(page, page)
        docs.append({"doc_id": page, "text": html, "suffix": ".html", "cluster": cluster,
                     "scored": page not in unscored})  # fmt: skip
    missing = (set(story) | unscored) - {d["doc_id"] for d in docs}
    if missing:
        raise SystemExit(f"{labels}: {len(missing)} labelled pages not in {folder}/html")
    return docs


def dated(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents with a publication day, as `ingest run` reads it, under `published`."""
    stream = [{"name": d["doc_id"], "text": d["text"], "suffix": d.get("suffix")} for d in docs]
    records = ingest(stream)
    days = {name: (r.get("published") or "")[:10] for name, r in records.items()}
    return [{**d, "published": days[d["doc_id"]]} for d in docs if days.get(d["doc_id"])]


def run_order(
    docs: list[dict[str, Any]], seed: int, copies: int, order: str = "random"
) -> dict[str, Any]:
    rng = random.Random(seed)
    stream = [
        {"name": d["doc_id"], "text": d["text"], "cluster": d["cluster"], "of": None,
         "published": d.get("published", ""), "topic": str(d.get("topic", d["cluster"])),
         "suffix": d.get("suffix"), "scored": d.get("scored", True)}
        for d in docs
    ]  # fmt: skip
    rng.shuffle(stream)
    if order == "same-days":
        same_days(stream, rng)
    if order != "random":  # stable: one day's documents stay in random order
        stream.sort(key=lambda item: item["published"])
    long_enough = [i for i, item in enumerate(stream) if len(_WORD.findall(item["text"])) >= 60]
    for n, i in enumerate(sorted(rng.sample(long_enough, min(copies, len(long_enough))))):
        original, steps = stream[i], list[str]()
        copy = {
            "name": f"copy{n}-{original['name']}",
            "text": transform(original["text"], rng, steps),
            "steps": steps,
            "cluster": original["cluster"],
            "of": original["name"],
            "published": original["published"],  # republished: the original's date
            "dateline": original.get("dateline", ""),
        }
        stream.insert(rng.randint(stream.index(original) + 1, len(stream)), copy)
    records = ingest(stream)
    misread = [i["name"] for i in stream if i.get("dateline") and i["name"] in records and
               (records[i["name"]]["published"] or "")[:10] != i["published"]]  # fmt: skip
    if misread:
        print(f"order {seed}: {len(misread)} date lines not read as published", file=sys.stderr)
    return {"stream": stream, "records": records, **score(stream, records)}


UNDONE = {"wrong joins": {"joins"}, "missed joins": {"misses"}, "both": {"joins", "misses"}}


def ceilings(runs: list[dict[str, Any]]) -> dict[str, float]:
    """B³ of each order's records placed again with each kind of error undone (`--ceiling`)."""
    print("\n## B³ F1 with the stage's errors undone (the records placed again, gold at hand)")
    print(f"{'order':<7}" + "".join(f"{kind:>14}" for kind in UNDONE))
    found: dict[str, list[float]] = defaultdict(list)
    for seed, run in enumerate(runs):
        stream, records = run["stream"], run["records"]
        gold = {i["name"]: i["cluster"] for i in stream if _scored(i, records)}
        again = place_again(stream, records, set())
        if again != {name: records[name]["story"]["id"] for name in gold}:
            raise SystemExit(f"order {seed}: placed again, the records get other stories")
        for kind, undo in UNDONE.items():
            found[kind].append(f1(*b_cubed(place_again(stream, records, undo), gold)))
        print(f"{seed:<7}" + "".join(f"{found[kind][-1]:14.3f}" for kind in UNDONE))
    means = {kind: statistics.mean(values) for kind, values in found.items()}
    print(f"{'mean':<7}" + "".join(f"{means[kind]:14.3f}" for kind in UNDONE))
    return {f"ceiling_{kind.replace(' ', '_')}": value for kind, value in means.items()}


def _scored(item: dict[str, Any], records: dict[str, dict[str, Any]]) -> bool:
    return item["of"] is None and item["scored"] and item["name"] in records


def place_again(
    stream: list[dict[str, Any]], records: dict[str, dict[str, Any]], undo: set[str]
) -> dict[str, str]:
    """The story of each scored original when the stream's records are placed again by the
    stories stage (state in memory, as `ingest run` keeps it), with the errors in `undo`
    undone (see `Undoing`)."""
    configure(level="WARNING")  # not each merge
    settings = load_settings()
    placer = Undoing(settings.stories, stage.store_for(settings, None), undo)
    out = {}
    for item in stream:
        if item["name"] in records:
            placer.gold = item["cluster"] if _scored(item, records) else None
            story = placer.place(Article.from_message(records[item["name"]]))["story"]
            placer.count(story)
            if placer.gold is not None:
                out[item["name"]] = story["id"]
    return out


class Undoing(stage.Placer):
    """The stage's placer, told each article's gold story (`gold`; None: leave it be), that
    undoes "joins" (an article joins, or merges, a story holding none of its gold story's
    articles: it opens one instead) and "misses" (an article opens a story while a
    candidate's articles are mostly of its gold story: it joins that one)."""

    def __init__(self, options: Any, store: Any, undo: set[str]) -> None:
        super().__init__(options, store)
        self.undo = undo
        self.gold: str | None = None
        self.members: dict[str, Counter[str]] = defaultdict(Counter)  # story -> gold stories

    def choose(self, draft: Any, candidates: list[Any]) -> stage.Choice:
        choice, gold, members = super().choose(draft, candidates), self.gold, self.members
        if gold is None:
            return choice
        if "joins" in self.undo and choice.story_id is not None:
            if gold not in members[choice.story_id]:
                return stage.Choice(None, 1.0)
            merged = tuple(s for s in choice.merged if gold in members[s])
            choice = stage.Choice(choice.story_id, choice.score, merged)
        if "misses" in self.undo and choice.story_id is None:
            for story in sorted(candidates, key=lambda s: (-s.score, s.id)):
                if members[story.id] and members[story.id].most_common(1)[0][0] == gold:
                    return stage.Choice(story.id, story.score)
        return choice

    def count(self, story: dict[str, Any]) -> None:
        for merged in story.get("merged", []):
            self.members[story["id"]].update(self.members.pop(merged, Counter()))
        if self.gold is not None:
            self.members[story["id"]][self.gold] += 1


def same_days(stream: list[dict[str, Any]], rng: random.Random) -> None:
    """Date every item on its topic's day plus 0-2 days (`published`, and a date line to
    put above its text): both events of a topic on the same days."""
    topics = sorted({item["topic"] for item in stream}, key=_natural)
    first = dt.date(2025, 1, 6)
    for item in stream:
        topic = topics.index(item["topic"])
        day = first + dt.timedelta(days=3 * topic + rng.randint(0, 2))
        item["published"] = day.isoformat()
        item["dateline"] = f"{day:%B} {day.day}, {day.year}\n"


def _natural(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (0, key)


def transform(text: str, rng: random.Random, steps: list[str]) -> str:
    """A copy of `text` with two or three of the changes (named in `steps` on return)."""
    lines = [line for line in text.splitlines() if line.strip()]
    body = lines[1:] if len(lines) > 3 else lines
    steps += rng.sample(
        ["headline", "trim", "dateline", "note", "edit", "template"], rng.randint(2, 3)
    )
    if "trim" in steps and len(body) > 3:
        body = body[: max(3, round(len(body) * rng.uniform(0.5, 0.8)))]
    if "edit" in steps:
        body = [" ".join(w for w in line.split() if rng.random() > 0.03) for line in body]
    if "dateline" in steps:
        body[0] = f"LONDON, {rng.randint(1, 28)} MAY (Wire Service) - {body[0]}"
    if "note" in steps:
        body += ["Editor's note: an earlier version of this story misstated a figure.",
                 "Reporting by a staff writer; editing by the desk."]  # fmt: skip
    headline = lines[0] if body is not lines else ""
    if "headline" in steps:
        words = _WORD.findall(lines[0])
        rng.shuffle(words)
        headline = " ".join(words[:8]).capitalize() + " | The Daily Courier"
    if "template" in steps:
        paragraphs, out = [], []
        for i in range(0, len(body), 3):
            paragraphs.append(" ".join(body[i : i + 3]))
        for i, paragraph in enumerate(paragraphs):
            out += [paragraph, rng.choice(FURNITURE)] if i % 2 else [paragraph]
        return "\n\n".join(([headline] if headline else []) + out) + "\n"
    return "\n".join(([headline] if headline else []) + body) + "\n"


def ingest(stream: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records by item name, from one `ingest run` over the stream's files in order."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, item in enumerate(stream):
            path = Path(folder) / f"{i:05d}-{item['name']}{item.get('suffix') or '.txt'}"
            path.write_text(item.get("dateline", "") + item["text"], encoding="utf-8")
            paths.append(str(path))
        done = subprocess.run(
            [str(INGEST), "run", *paths], cwd=ROOT, capture_output=True, text=True, check=False
        )
    records = {}
    for line in done.stdout.splitlines():
        record = json.loads(line)
        records[Path(record["source"]["uri"]).stem.split("-", 1)[1]] = record
    return records


def score(stream: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    originals = [i for i in stream if i["of"] is None and i["scored"] and i["name"] in records]
    story = {i["name"]: records[i["name"]]["story"]["id"] for i in originals}
    gold = {i["name"]: i["cluster"] for i in originals}
    placed = [i["name"] for i in stream if i["name"] in records]
    first = dict(zip(placed, baseline([records[name]["text"] for name in placed]), strict=True))
    into = merges(stream, records)
    followed = {name: final(into, s) for name, s in story.items()}
    precision, recall = b_cubed(story, gold)
    sizes, followed_sizes = Counter(story.values()), Counter(followed.values())
    fp, fr = b_cubed(followed, gold)
    return {
        "b3": (precision, recall, f1(precision, recall)),
        "baseline": baseline_b3({name: first[name] for name in story}, gold),
        "stories": len(sizes),
        "largest": max(sizes.values()),
        "largest_gold": max(Counter(gold.values()).values()),
        "b3_followed": (fp, fr, f1(fp, fr)),
        "stories_followed": len(followed_sizes),
        "largest_followed": max(followed_sizes.values()),
        "merges": len(into),
        "near": near_duplicates(stream, records),
        "errors": errors(story, gold),
    }


def errors(story: dict[str, str], gold: dict[str, str]) -> dict[str, list[str]]:
    """The stories that hold two or more gold stories (their gold stories with counts), and
    the gold stories split over two or more stories (with the sizes of the parts), largest
    first."""
    by_story: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    for name, s in story.items():
        by_story[s][gold[name]] += 1
        by_gold[gold[name]][s] += 1
    mixed = sorted((c for c in by_story.values() if len(c) > 1), key=lambda c: -c.total())
    split = sorted(((g, c) for g, c in by_gold.items() if len(c) > 1), key=lambda x: -x[1].total())
    return {
        "joined": [" + ".join(f"{g[:16]} ({n})" for g, n in c.most_common()) for c in mixed],
        "split": [f"{g[:16]}: " + ", ".join(str(n) for _, n in c.most_common()) for g, c in split],
    }


def baseline_b3(predicted: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    precision, recall = b_cubed({name: str(s) for name, s in predicted.items()}, gold)
    return precision, recall, f1(precision, recall)


def baseline(texts: list[str], threshold: float = 0.2) -> list[int]:
    """The story number of each text by the online baseline of the ECB+ data's README:
    one pass; TF-IDF (raw counts, document frequencies of the texts already streamed, no
    English stop words); cosine to each story's running centroid (the sum of its vectors);
    a new story under `threshold`. What the stage is measured against, on the same stream."""
    stops = frozenset(stopwordsiso.stopwords("en"))
    df: Counter[str] = Counter()
    centroids: list[Counter[str]] = []
    norms: list[float] = []
    out = []
    for n, text in enumerate(texts, start=1):
        counts = Counter(w for w in _WORD.findall(text.casefold()) if w not in stops)
        df.update(counts.keys())
        vector = {t: c * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in counts.items()}
        length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vector = {t: v / length for t, v in vector.items()}
        scores = [
            sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / norm
            for centroid, norm in zip(centroids, norms, strict=True)
        ]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is None or scores[best] < threshold:
            centroids.append(Counter())
            norms.append(0.0)
            best = len(centroids) - 1
        centroids[best].update(vector)
        norms[best] = math.sqrt(sum(v * v for v in centroids[best].values())) or 1.0
        out.append(best)
    return out


def merges(stream: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Story -> the story it merged into, from the records' `story.merged`, in stream order
    (what a consumer following `ingest:stories` learns)."""
    into: dict[str, str] = {}
    for item in stream:
        story = records[item["name"]]["story"] if item["name"] in records else {}
        for merged in story.get("merged", []):
            into[merged] = story["id"]
    return into


def final(into: dict[str, str], story: str) -> str:
    while story in into:
        story = into[story]
    return story


def b_cubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    by_predicted, by_gold = defaultdict(set), defaultdict(set)
    for item in predicted:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    p = r = 0.0
    for item in predicted:
        shared = len(by_predicted[predicted[item]] & by_gold[gold[item]])
        p += shared / len(by_predicted[predicted[item]])
        r += shared / len(by_gold[gold[item]])
    return p / len(predicted), r / len(predicted)


def near_duplicates(
    stream: list[dict[str, Any]], records: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """Links right, wrong and ambiguous; articles with an earlier same text found or missed."""
    kept = [i for i in stream if i["name"] in records]
    grams = {i["name"]: shingle_set(records[i["name"]]["text"]) for i in kept}
    family = families(kept, grams)
    items = {i["name"]: i for i in kept}
    by_id: dict[str, str] = {}
    counts: Counter[str] = Counter()
    seen: list[str] = []
    for item in kept:
        name, record = item["name"], records[item["name"]]
        link = record["duplicate_of"]
        if link is not None:
            other = by_id.get(link["article_id"], "")
            counts[judge(item, items.get(other), family, grams)] += 1
        if any(family.same(name, earlier) for earlier in seen):
            exact = record["article_id"] in by_id  # the ledger skips these in a worker
            found = link is not None or exact
            counts["found" if found else "missed"] += 1
            counts["exact"] += exact
            if not found and item["of"] is not None:
                counts.update(f"missed_{step}" for step in item["steps"])
        seen.append(name)
        by_id.setdefault(record["article_id"], name)
    counts["wrong"] += counts["hard_negative"] + counts["other_story"]
    return dict(counts)


def families(kept: list[dict[str, Any]], grams: dict[str, set[Any]]) -> Families:
    """Items of one text: constructed copies with their originals, and the copies the
    corpus itself holds (within one gold story)."""
    family = Families()
    by_cluster = defaultdict(list)
    for item in kept:
        if item["of"] is not None:
            family.join(item["name"], item["of"])
        else:
            by_cluster[item["cluster"]].append(item["name"])
    for members in by_cluster.values():
        for a, name_a in enumerate(members):
            for name_b in members[a + 1 :]:
                if containment(grams[name_a], grams[name_b]) >= SAME:
                    family.join(name_a, name_b)
    return family


def judge(
    item: dict[str, Any], other: dict[str, Any] | None, family: Families, grams: dict[str, Any]
) -> str:
    """right, ambiguous, hard_negative (one gold story) or other_story: one link."""
    if other is None:
        return "other_story"
    if family.same(item["name"], other["name"]):
        return "right"
    if containment(grams[item["name"]], grams[other["name"]]) >= INDEPENDENT:
        return "ambiguous"
    return "hard_negative" if other["cluster"] == item["cluster"] else "other_story"


class Families:
    """Union-find over item names."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, name: str) -> str:
        while self.parent.get(name, name) != name:
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        self.parent[self.root(a)] = self.root(b)

    def same(self, a: str, b: str) -> bool:
        return self.root(a) == self.root(b)


def shingle_set(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def containment(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def summarize(runs: list[dict[str, Any]]) -> dict[str, float]:
    print("\n## stories (B³ over the originals, copies left out)")
    print(f"{'order':<7}{'P':>7}{'R':>7}{'F1':>7}{'stories':>9}{'largest':>9}{'gold':>6}")
    for seed, run in enumerate(runs):
        p, r, f = run["b3"]
        print(
            f"{seed:<7}{p:7.3f}{r:7.3f}{f:7.3f}{run['stories']:9d}{run['largest']:9d}{run['largest_gold']:6d}"
        )
    mean = [statistics.mean(run["b3"][k] for run in runs) for k in range(3)]
    print(f"{'mean':<7}{mean[0]:7.3f}{mean[1]:7.3f}{mean[2]:7.3f}")
    print("\n## the online TF-IDF baseline on the same streams (the ECB+ data's README)")
    print(f"{'order':<7}{'P':>7}{'R':>7}{'F1':>7}")
    for seed, run in enumerate(runs):
        print(f"{seed:<7}" + "".join(f"{x:7.3f}" for x in run["baseline"]))
    base = [statistics.mean(run["baseline"][k] for run in runs) for k in range(3)]
    print(f"{'mean':<7}{base[0]:7.3f}{base[1]:7.3f}{base[2]:7.3f}")
    for kind, found in runs[0]["errors"].items():
        more = f", the largest {SHOWN}" if len(found) > SHOWN else ""
        print(f"\norder 0, gold stories {kind} ({len(found)}{more}):")
        print("\n".join(f"  {line}" for line in found[:SHOWN]) or "  none")
    print("\n## stories after following the merges announced (a consumer of ingest:stories)")
    print(f"{'order':<7}{'P':>7}{'R':>7}{'F1':>7}{'stories':>9}{'largest':>9}{'merges':>8}")
    for seed, run in enumerate(runs):
        p, r, f = run["b3_followed"]
        print(f"{seed:<7}{p:7.3f}{r:7.3f}{f:7.3f}{run['stories_followed']:9d}"
              f"{run['largest_followed']:9d}{run['merges']:8d}")  # fmt: skip
    followed = [statistics.mean(run["b3_followed"][k] for run in runs) for k in range(3)]
    print(f"{'mean':<7}{followed[0]:7.3f}{followed[1]:7.3f}{followed[2]:7.3f}")
    near: Counter[str] = Counter()
    for run in runs:
        near.update(run["near"])
    figures = {
        "stories_b3_precision": mean[0],
        "stories_b3_recall": mean[1],
        "stories_b3_f1": mean[2],
        "stories_b3_f1_min": min(run["b3"][2] for run in runs),
        "stories_b3_f1_followed": followed[2],
        "baseline_b3_f1": base[2],
        "stories_b3_f1_over_baseline": mean[2] - base[2],
    }
    return figures | near_figures(near)


def near_figures(near: Counter[str]) -> dict[str, float]:
    print("\n## near-duplicates (all orders)")
    if not near["right"] + near["wrong"] + near["ambiguous"] + near["found"] + near["missed"]:
        print("no links made, and no article with an earlier copy in these streams")
        return {}
    precision = near["right"] / max(1, near["right"] + near["wrong"])
    recall = near["found"] / max(1, near["found"] + near["missed"])
    print(f"links {near['right'] + near['wrong'] + near['ambiguous']}: right {near['right']}, "
          f"wrong {near['wrong']} (hard negatives: {near['hard_negative']}), "
          f"ambiguous {near['ambiguous']}")  # fmt: skip
    print(f"articles with an earlier copy: {near['found'] + near['missed']}, found {near['found']} "
          f"({near['exact']} exact repeats)")  # fmt: skip
    misses = {k.removeprefix("missed_"): v for k, v in near.items() if k.startswith("missed_")}
    print("missed copies made with:", ", ".join(f"{k} {v}" for k, v in sorted(misses.items())))
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1(precision, recall):.3f}")
    return {
        "near_precision": precision,
        "near_recall": recall,
        "near_f1": f1(precision, recall),
        "near_hard_negatives": near["hard_negative"],
    }


if __name__ == "__main__":
    main()

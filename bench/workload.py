"""A seeded workload of distinct records: every pupil a name never seen before.

Why: a prefecture's batch prints 95,000 different pupils. A benchmark that renders
the shipped sample again and again (or the same names shuffled) lets the per-text
caches answer most of the work and flatters every figure. Here every name, every
kana reading, every address and every free text (所見, 道徳, …) is composed from
pools by a seeded generator and checked against everything generated before in the
same run: no record repeats another's text. Characters of course repeat (that is
what real names do), so caches per character stay legitimate; caches per string
find nothing to reuse.

The names carry what real registers carry: kanji from a pool of name kanji, kana
readings, now and then an ideographic variation sequence (葛󠄂, 辻󠄂, 邉󠄏, 﨑󠄂),
the compatibility ideograph 﨑 (U+FA11, never normalised) and the non-BMP 𠮷.

Forms: ``roster`` (名簿: classes of 40, one A4 page each), ``report_card``
(通知表) and ``guidance_record_elementary`` (指導要録). The last two start from the
shipped sample's shape and replace every name, address and free text.
"""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# Family names with their readings. A few carry what registers really contain.
FAMILY: tuple[tuple[str, str], ...] = tuple(
    (k, r)
    for k, r in (
        ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"), ("伊藤", "いとう"),
        ("渡辺", "わたなべ"), ("山本", "やまもと"), ("中村", "なかむら"), ("小林", "こばやし"), ("加藤", "かとう"),
        ("吉田", "よしだ"), ("山田", "やまだ"), ("佐々木", "ささき"), ("山口", "やまぐち"), ("松本", "まつもと"),
        ("井上", "いのうえ"), ("木村", "きむら"), ("林", "はやし"), ("斎藤", "さいとう"), ("清水", "しみず"),
        ("山崎", "やまさき"), ("森", "もり"), ("池田", "いけだ"), ("橋本", "はしもと"), ("阿部", "あべ"),
        ("石川", "いしかわ"), ("山下", "やました"), ("中島", "なかしま"), ("石井", "いしい"), ("小川", "おがわ"),
        ("前田", "まえだ"), ("岡田", "おかだ"), ("長谷川", "はせがわ"), ("藤田", "ふじた"), ("後藤", "ごとう"),
        ("近藤", "こんどう"), ("村上", "むらかみ"), ("遠藤", "えんどう"), ("青木", "あおき"), ("坂本", "さかもと"),
        ("藤井", "ふじい"), ("西村", "にしむら"), ("福田", "ふくだ"), ("太田", "おおた"), ("三浦", "みうら"),
        ("藤原", "ふじわら"), ("岡本", "おかもと"), ("松田", "まつだ"), ("中川", "なかがわ"), ("中野", "なかの"),
        ("原田", "はらだ"), ("小野", "おの"), ("田村", "たむら"), ("竹内", "たけうち"), ("金子", "かねこ"),
        ("和田", "わだ"), ("中山", "なかやま"), ("石田", "いしだ"), ("上田", "うえだ"), ("森田", "もりた"),
        ("原", "はら"), ("柴田", "しばた"), ("酒井", "さかい"), ("工藤", "くどう"), ("横山", "よこやま"),
        ("宮崎", "みやざき"), ("宮本", "みやもと"), ("内田", "うちだ"), ("高木", "たかぎ"), ("安藤", "あんどう"),
        ("谷口", "たにぐち"), ("大野", "おおの"), ("丸山", "まるやま"), ("今井", "いまい"), ("河野", "こうの"),
        ("藤本", "ふじもと"), ("村田", "むらた"), ("武田", "たけだ"), ("上野", "うえの"), ("杉山", "すぎやま"),
        ("増田", "ますだ"), ("平野", "ひらの"), ("大塚", "おおつか"), ("千葉", "ちば"), ("久保", "くぼ"),
        ("松井", "まつい"), ("小島", "こじま"), ("岩崎", "いわさき"), ("桜井", "さくらい"), ("野口", "のぐち"),
        ("松尾", "まつお"), ("野村", "のむら"), ("木下", "きのした"), ("菊地", "きくち"), ("佐野", "さの"),
        ("大西", "おおにし"), ("杉本", "すぎもと"), ("新井", "あらい"), ("浜田", "はまだ"), ("菅原", "すがわら"),
        ("市川", "いちかわ"), ("水野", "みずの"), ("小松", "こまつ"), ("島田", "しまだ"), ("古川", "ふるかわ"),
        ("小山", "こやま"), ("高田", "たかだ"), ("西田", "にしだ"), ("望月", "もちづき"), ("国本", "くにもと"),
        ("弘中", "ひろなか"), ("末永", "すえなが"), ("兼重", "かねしげ"), ("守永", "もりなが"), ("椋野", "むくの"),
        ("縄田", "なわた"), ("嘉村", "かむら"), ("重岡", "しげおか"), ("河村", "かわむら"), ("吉冨", "よしとみ"),
        # what registers really contain: 﨑 (U+FA11), 髙, 𠮷 (non-BMP), 濵, 德, 邊, and IVS sequences
        ("松﨑", "まつざき"), ("﨑山", "さきやま"), ("山﨑", "やまざき"), ("髙橋", "たかはし"), ("髙木", "たかぎ"),
        ("𠮷田", "よしだ"), ("𠮷村", "よしむら"), ("濵田", "はまだ"), ("德永", "とくなが"), ("渡邊", "わたなべ"),
        ("葛\U000e0102西", "かさい"), ("辻\U000e0102", "つじ"), ("渡邉\U000e010f", "わたなべ"),
        ("﨑\U000e0102田", "さきた"), ("葛\U000e0103城", "かつらぎ"), ("祇\U000e0102園", "ぎおん"),
    )
)  # fmt: skip

# Kanji of given names; a given name is one to three of them, or kana.
GIVEN_KANJI = (
    "陽翔蓮大和悠真湊樹朝颯太陸斗結翼奏蒼律海碧凪瑛伊織新仁暖晴葵凛芽依結愛莉子咲菜花紬"
    "澪楓美桜彩羽心陽菜乃詩杏奈優希望光輝健一郎誠実和也亮介拓哉直人智春夏秋冬雪月星空"
    "明日香里沙耶恵美穂千尋絵麻由佳奈々未来彩音琴理紗帆紀代子恭平修司浩二康弘正義勝利"
    "博之隆史雅彦秀樹清志隼人颯汰悠人朔瑞稀蒼空柚稟琉煌絢郁慧瑠璃珠那瑚碧唯衣舞鈴環"
)
GIVEN_KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
KANA_SYLLABLES = (
    *"あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ",
    *"がぎぐげござじずぜぞだでどばびぶべぼぱぴぷぺぽ",
    *("きょう", "しょう", "りょう", "ゆう", "ちゃん", "じゅん", "しゅう", "こう", "そう", "とう"),
    *("ひな", "ゆい", "はる"),
)

CITIES = (
    "山口市", "下関市", "宇部市", "周南市", "岩国市", "防府市", "下松市", "光市", "長門市", "柳井市", "美祢市",
    "萩市", "山陽小野田市", "周防大島町", "和木町", "上関町", "田布施町", "平生町", "阿武町",
)
TOWNS = (
    "湯田温泉", "吉敷中東", "宮野下", "大内御堀", "小郡下郷", "平井", "黒川", "朝田", "矢原", "吉田", "中央町",
    "東駅", "西岐波", "常盤台", "彦島江の浦町", "長府宮崎町", "新地町", "幡生町", "徳山", "久米", "富田", "今宿町",
    "南町", "錦見", "麻里布町", "牟礼", "新田", "佐波", "末武中", "潮音寺", "室積", "深川湯本", "仙崎", "古市",
    "大嶺町", "椿東", "土原", "厚狭", "有帆", "久賀", "日良居",
)

# Fragments of 所見-style sentences; a text is a seeded sequence of them.
CLAUSES = (
    "進んで学習に取り組み", "友達の意見をよく聞き", "自分の考えをノートに丁寧にまとめ",
    "図や表を使って分かりやすく説明し", "最後まで粘り強く取り組み", "係の仕事に責任をもって取り組み",
    "下級生に優しく声をかけ", "疑問に思ったことを進んで調べ", "実験の結果から分かったことを筋道立てて発表し",
    "地域の方へのインタビューを通して", "音読では登場人物の気持ちを考え", "計算の仕方を友達に説明し",
    "体育では技のこつを見付け", "給食当番では手際よく準備をし", "休み時間には友達と仲よく遊び",
    "学級の話し合いでは新しい提案をし", "図書館で調べたことを新聞にまとめ", "合奏ではリコーダーのパートを練習し",
    "毎日の日記を欠かさず書き", "漢字の練習を計画的に進め", "生き物の世話を毎日続け",
    "委員会の仕事に進んで取り組み",
)
OUTCOMES = (
    "大きく成長しました", "自信をもって発表できました", "学級のみんなから信頼されています",
    "着実に力を付けています", "友達の手本となっています", "学習の理解を深めることができました",
    "意欲的に活動することができました", "周りの友達にもよい影響を与えました", "これからの活躍が楽しみです",
    "根気強く取り組む姿が見られました",
)
TOPICS = (
    "「ごんぎつね」", "「わり算の筆算」", "「もののあたたまり方」", "「椹野川の生き物調べ」", "「大内塗」",
    "「秋吉台の自然」", "「瑠璃光寺五重塔」", "「錦帯橋のひみつ」", "「ふぐのまち下関」", "「萩焼体験」",
    "「防府天満宮の歴史」", "「角島大橋」", "「面積の求め方」", "「電気の通り道」", "「昔の道具とくらし」",
    "「水のゆくえ」", "「季節と生き物」", "「わたしたちの町」",
)


class Distinct:
    """Remembers every text handed out and refuses repeats (the workload's one promise)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, make: Any, tries: int = 200) -> str:
        for _ in range(tries):
            text = make()
            if text not in self.seen:
                self.seen.add(text)
                return text
        raise RuntimeError("the pools are too small for this many distinct texts")


class Workload:
    """Seeded generator of distinct records for roster, report_card and guidance_record_elementary."""

    def __init__(self, seed: int = 14) -> None:
        self.rng = random.Random(seed)
        self.names = Distinct()
        self.texts = Distinct()
        self._samples: dict[str, dict[str, Any]] = {}

    # -- pieces -------------------------------------------------------------------
    def _given(self) -> tuple[str, str]:
        r = self.rng
        if r.random() < 0.08:  # a kana name
            n = r.randint(2, 3)
            kana = "".join(r.choice(GIVEN_KANA) for _ in range(n))
            return kana, kana
        n = r.choices((1, 2, 3), weights=(2, 7, 1))[0]
        kanji = "".join(r.choice(GIVEN_KANJI) for _ in range(n))
        return kanji, "".join(r.choice(KANA_SYLLABLES) for _ in range(r.randint(2, 3)))

    def person(self) -> dict[str, str]:
        """A name never generated before in this workload (family + given as printed)."""
        r = self.rng
        while True:
            fam, fam_kana = r.choice(FAMILY)
            given, given_kana = self._given()
            key = fam + "\u3000" + given
            if key not in self.names.seen:
                self.names.seen.add(key)
                return {"family": fam, "given": given, "kana_family": fam_kana, "kana_given": given_kana}

    def full_name(self) -> str:
        p = self.person()
        return p["family"] + "\u3000" + p["given"]

    def address(self, with_prefecture: bool = False) -> str:
        r = self.rng

        def make() -> str:
            pref = "山口県" if with_prefecture else ""
            place = pref + r.choice(CITIES) + r.choice(TOWNS)
            return f"{place}{r.randint(1, 9)}丁目{r.randint(1, 40)}番{r.randint(1, 30)}号"

        return self.texts.take(make)

    def postal(self) -> str:
        return f"7{self.rng.randint(40, 59):02d}-{self.rng.randint(0, 9999):04d}"

    def birth(self, fiscal_year: int, grade: int) -> str:
        start = date(fiscal_year - grade - 6, 4, 2)
        return (start + timedelta(days=self.rng.randint(0, 364))).isoformat()

    def prose(self, limit: int) -> str:
        """A distinct 所見-style text of at most ``limit`` characters (and close to it)."""
        r = self.rng

        def sentence() -> str:
            parts = [r.choice(TOPICS) + "の学習では"] if r.random() < 0.6 else []
            parts += [r.choice(CLAUSES) + "、" for _ in range(r.randint(1, 2))]
            return "".join(parts) + r.choice(OUTCOMES) + "。"

        def make() -> str:
            text = ""
            while True:
                s = sentence()
                if len(text) + len(s) > limit:
                    break
                text += s
            if not text:  # a short box: the start of one sentence, cut at the limit
                text = sentence()[: max(limit - 1, 1)] + "。"
            return text

        return self.texts.take(make)

    def sample(self, form_id: str) -> dict[str, Any]:
        if form_id not in self._samples:
            # the engine's own samples (UF_WORKLOAD_SAMPLES, set per engine by bench_distinct): an
            # old checkout's input format may differ from this one's
            path = Path(os.environ.get("UF_WORKLOAD_SAMPLES", ROOT / "samples")) / f"{form_id}.json"
            self._samples[form_id] = json.loads(path.read_text(encoding="utf-8"))
        return copy.deepcopy(self._samples[form_id])

    # -- records ------------------------------------------------------------------
    def roster(self, k: int) -> dict[str, Any]:
        """名簿 of a class of 40 new pupils (addresses and guardians printed: one A4 page)."""
        r = self.rng
        rec = self.sample("roster")
        fy = 2025
        grade = r.randint(1, 6)
        rec["fiscal_year"] = fy
        rec["homeroom"] = {"school_type": "elementary", "grade": grade, "kumi": str(k % 999_999 + 1)}
        rec["teacher"] = {"name": {k2: v for k2, v in self.person().items() if not k2.startswith("kana")}}
        rec["columns"] = ["address", "guardian"]
        rec["numbering"] = "free"
        students = []
        for i in range(40):
            p = self.person()
            guardian = {"family": p["family"], "given": self._guardian_given()}
            students.append(
                {
                    "number": i + 1,
                    "name": p,
                    "sex": r.choice(("male", "female")),
                    "birth_date": self.birth(fy, grade),
                    "postal_code": self.postal(),
                    "address": self.address(),
                    "guardian": guardian,
                }
            )
        rec["students"] = students
        return rec

    def _guardian_given(self) -> str:
        # guardians' given names are not unique on their own (the full name is, through the family name
        # and the pupil); one to two kanji
        return "".join(self.rng.choice(GIVEN_KANJI) for _ in range(self.rng.randint(1, 2)))

    def report_card(self, k: int) -> dict[str, Any]:
        """通知表 of one new pupil: the sample's shape, every name and free text new."""
        rec = self.sample("report_card")
        self._replace_people_and_texts(rec)
        rec["homeroom"]["kumi"] = str(k % 9 + 1)
        rec["student"]["number"] = k % 40 + 1
        self._shuffle_marks(rec)
        return rec

    def guidance_record_elementary(self, k: int) -> dict[str, Any]:
        """指導要録 (小学校) of one new pupil: six years, every name, address and free text new."""
        rec = self.sample("guidance_record_elementary")
        self._replace_people_and_texts(rec)
        self._shuffle_marks(rec)
        return rec

    def _shuffle_marks(self, rec: Any) -> None:
        """Evaluation marks drawn anew (same alphabet as the sample's)."""
        r = self.rng
        if isinstance(rec, dict):
            for key, v in rec.items():
                if key in ("marks", "viewpoints") and isinstance(v, list) and v and all(isinstance(x, str) for x in v):
                    alphabet = sorted({x for x in v if x}) or [""]
                    rec[key] = [r.choice(alphabet) if x else x for x in v]
                else:
                    self._shuffle_marks(v)
        elif isinstance(rec, list):
            for v in rec:
                self._shuffle_marks(v)

    def _replace_people_and_texts(self, node: Any) -> None:
        """Every name, address and long free text of the sample replaced by a new one of no greater length."""
        if isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, str) and _is_prose(v):
                    node[i] = self.prose(len(v))
                else:
                    self._replace_people_and_texts(v)
            return
        if not isinstance(node, dict):
            return
        if "family" in node and "given" in node and isinstance(node["family"], str):
            p = self.person()
            node.update({k: v for k, v in p.items() if k in node or k in ("family", "given")})
            return
        for key, v in node.items():
            if isinstance(v, str):
                if key in ("principal", "teacher", "name") and "\u3000" in v and len(v) <= 8:
                    node[key] = self.full_name()
                elif "address" in key and v:
                    node[key] = self.address(with_prefecture=v.startswith("山口県"))
                elif _is_prose(v):
                    node[key] = self.prose(len(v))
            else:
                self._replace_people_and_texts(v)


def _is_prose(text: str) -> bool:
    return len(text) >= 12 and ("。" in text or "、" in text)


FORMS = ("roster", "report_card", "guidance_record_elementary")


def records(form_id: str, n: int, seed: int = 14, start: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` distinct records of ``form_id`` (records ``start`` .. ``start + n - 1`` of the seeded stream)."""
    w = Workload(seed)
    make = getattr(w, form_id)
    for k in range(start + n):
        rec = make(k)
        if k >= start:
            yield rec


def write_jsonl(form_id: str, n: int, path: Path, seed: int = 14) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records(form_id, n, seed):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":  # python bench/workload.py roster 3 [seed] > out.jsonl
    import sys

    form, count = sys.argv[1], int(sys.argv[2])
    for rec in records(form, count, seed=int(sys.argv[3]) if len(sys.argv) > 3 else 14):
        print(json.dumps(rec, ensure_ascii=False))

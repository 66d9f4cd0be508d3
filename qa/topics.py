"""What is left of a question once its frame is read: the topic search ranks.

The frame (the field asked, communes, units, time, number) is taken out by qa.intent; what is
left here is trimmed of the connectors at its edges and of asides that say why the asker asks
rather than what about.  A topic of function words only is no topic.
"""
from __future__ import annotations

import re

from kehoach.corpus.normalize import fold
from kehoach.qa import places
from kehoach.qa.text import Text, find

Span = tuple[int, int]

# Asides that say why the asker asks or what they do not mean, not what about:
# ", để tôi dự trù kinh phí"; "… chứ không chỉ định một phòng cụ thể"
ASIDES = re.compile(r"[,;]\s*(?:de|nham)\s+(?:toi|tui|minh|em|chung toi|bon toi|anh|chi)\s[^,;?!]*"
                    r"|(?<![^\W_])chu\s+(?:khong|ko)\s[^,;?!]*|\(\s*tren tong[^)]*\)"  # "(trên tổng 26)"
                    r"|(?<![^\W_])(?:giup|gium)\s+(?:em|toi|minh|tui)\s+de\s[^,;?!]*"  # "liệt kê giúp em để chuẩn bị …"
                    r"|\(\s*(?:ke ca|tinh ca|bao gom ca|gom ca|gop ca|gop|ca|khong tinh|khong ke|tru)\s[^)]*\)"  # "(kể cả chủ trì cùng bộ khác)",
                    # "(cả kế hoạch CĐS lẫn kế hoạch KHCN)": how to count
                    r"|[,;]\s*(?:ke ca|tinh ca)\s[^,;?!()]*"  # ", tính cả chỗ chủ trì chung với đơn vị khác"
                    r"|[,;]\s*(?:khong tinh|khong ke|tru)\s+(?:cac\s+|nhung\s+)?dong\s[^,;?!()]*"  # ", không tính các dòng tên mục"
                    # why a deadline is undated: "… không ghi mốc thời gian cụ thể mà phải chờ luật, nghị quyết …"
                    r"|(?<![^\W_])(?:ma\s+|phai\s+|con\s+)+cho\s+(?:luat|nghi quyet|van ban|huong dan|quyet dinh|chi dao|cap tren)[^?!;]*"
                    # "cần làm report:", "tôi đang viết bài cho đài truyền thanh xã … về …" (what it is about goes on)
                    r"|(?<![^\W_])(?:can|dang) (?:lam|viet) (?:bao cao|bai|report)[^,;:?!]*?(?:[:,]|(?=\s+(?:ve|vay|thi)\s)|$)"
                    r"|(?<=[?!.])\s*(?:toi|em|minh|tui)\s+can\s[^?!.]*$"  # "…? Tôi cần liệt kê cho bài": what for
                    r"|^\s*(?:de|nham)\s[^,;?!]*[,;]\s*(?=de nghi|xin|vui long|cho (?:em|toi|minh|tui) hoi)"  # "Để đánh giá tiến độ, đề nghị …"
                    r"|[,;]\s*(?:toi|em|minh|tui|chau)\s+(?:la|dang la)\s[^,;?!]*[?!.]*\s*$"  # "…, tôi là giáo viên muốn theo dõi"
                    r"|^\s*(?:toi|em|minh|tui|chau|con)\s+(?:la|lam|dang lam)\s[^,;?!]*[,;]"  # "em là điều dưỡng, …": who asks
                    r"|^\s*(?:toi|em|minh|tui|anh|chau|bac)\s(?:(?!ve\s)[^:?!])*:(?=\s)"  # "Tôi đếm mãi không ra: …" (not "tôi hỏi về X:")
                    # a letter read aloud: "Chị hỏi:", "Cụ muốn hỏi:", "Bác xin hỏi:"
                    r"|(?<![^\W_])(?:toi|em|chi|anh|cu|bac|ong|ba|co|chu|minh|tui|ban)\s+(?:muon\s+|xin\s+)?hoi\s*:"
                    # asking for someone else: "bố em hỏi …", "ông cháu nhờ hỏi …"
                    r"|(?<![^\W_])(?:bo|me|ong|ba|cu|chu|co|bac)\s+(?:em|toi|chau|minh|tui)\s+(?:muon\s+|nho\s+)?hoi(?![^\W_])")


# … and the same opening by "chị", "cô", "chú", typed with their accents ("chỉ tiêu …:" is no asker)
ASKER_OPENS = re.compile(r"^\s*(?:chị|cô|chú)\s[^:?!]*:(?=\s)")


def asides(text: Text) -> list[Span]:
    """The spans of ASIDES in the question."""
    return [m.span() for m in ASIDES.finditer(text.fol)] + [m.span() for m in ASKER_OPENS.finditer(text.low)]


# Connectors trimmed from the edges of a topic.  Typed without diacritics, only the forms that
# cannot be content words are trimmed: "tai" may be "tài" (tài khoản), "de" "đề" (đề án),
# "thi" "thi" (cuộc thi), "o" "ô" (ô nhiễm), "se" "sẻ" (chia sẻ), "chua" "chùa", "la", "da", "ve".
LEADING = ("của", "cua", "về", "trong", "cho", "và", "va", "thì", "với", "voi", "ở", "tại", "để", "các", "cac",
           "những", "nhung", "sẽ", "đã", "là", "có", "đến", "tới", "việc", "viec", "à", "a", "ờ")
TRAILING = ("của", "cua", "về", "trong", "cho", "và", "va", "thì", "thi", "với", "voi", "ở", "tại", "để", "là",
            "không", "khong", "chưa", "sẽ", "đã", "có", "được", "duoc", "vậy", "vay", "vào", "vao", "nhỉ", "ạ", "a", "nhé", "đây",
            "kia", "những", "nhung", "v", "z", "e", "ad", "admin", "rứa", "rua", "hả", "hỉ", "hè", "trời", "troi")  # Central "rứa" (thế)
EDGE = re.compile(rf"^(?:(?:{'|'.join(LEADING)})(?:\s*,)?\s+)+|(?:\s+(?:{'|'.join(TRAILING)}))+$", re.IGNORECASE)


# A topic made only of these (folded) words is no topic: "nghia son co viec nao tre han chua".
FUNCTION_WORDS = {"co", "chua", "khong", "da", "dang", "con", "roi", "nao", "gi", "hay", "ma", "thi", "la", "nhe", "ha", "va", "troi",
                  "vay", "v", "z", "chinh", "a", "oi", "tat", "ca", "viec", "nhiem", "vu", "duoc", "lam", "phai", "nhung", "cac",
                  "ve", "cua", "cho", "trong", "o", "tai", "toi", "minh", "em", "gium", "giup", "hien", "nay", "giao",
                  # the words that frame a question about the table: "ghi vô phần …", "giùm tui coi là việc chi",
                  # "dòng nào để trống", "ấn định", "ghi rõ", "với vai trò", "công an phường", "cũng", "kéo … vào"
                  "ghi", "cot", "phan", "vo", "tui", "coi", "chi", "chu", "thoi", "chung", "an", "dinh", "xac", "bang",
                  "dong", "de", "ro", "xin", "vai", "tro", "phuong", "xa", "cung", "keo", "vao",
                  # "có một việc mà X đứng phối hợp, xin cho biết đó là việc gì"
                  "mot", "dung", "do",
                  # "Bộ Quốc phòng xuất hiện ở nhiệm vụ nào", "có mặt trong mấy nhiệm vụ"
                  "xuat", "mat",
                  "lai",  # "Đếm lại giúp:"
                  "v", "nha",  # chat: "việc gì v" ("vậy"), "đều tính nha"
                  "can",  # "kết quả, sản phẩm cần có là gì"
                  "e", "ad", "admin",  # chat: "liệt kê giúp e", "vậy ad"
                  "som", "nhat", "ngay", "xet",  # "có hạn sớm nhất, ngay tháng 01/2025", "Xét cả 4 xã"
                  "rieng", "duy",  # "những việc mà riêng X chủ trì", "X chủ trì duy nhất"
                  "rua"}  # Central "rứa" (thế): "đơn vị nào chủ trì nhiều việc nhất rứa"


def _theme_spans(text: Text) -> list[Span]:
    """Where the plans' own subject is said (fillers.tsv scope "theme": "chuyển đổi số", "KHCN")."""
    from kehoach.qa.cues import fillers

    return sorted(s for c in fillers() if c.field == "theme" for s in find(text, c.phrase))


def is_theme(topic: str) -> bool:
    """Is the topic all the plans' own subject ("chuyển đổi số", "KHCN", "KHCN-ĐMST", "KHCN, ĐMST
    và CĐS")?  Every task is about it."""
    text = Text(topic)
    spans = _theme_spans(text)
    if not topic or not spans:
        return False
    rest = list(text.fol)
    for a, b in spans:
        rest[a:b] = " " * (b - a)
    return not re.sub(r"(?<![^\W_])va(?![^\W_])|[\s,;/&+-]", "", "".join(rest))


def without_theme(topic: str) -> str:
    """The topic without the plans' own subject ("phát động phong trào thi đua về KHCN, chuyển đổi
    số" -> "phát động phong trào thi đua"): every task is about KHCN and chuyển đổi số, so a row
    saying the rest says the topic; "" when it names no theme."""
    text = Text(topic)
    spans = _theme_spans(text)
    if not spans:
        return ""
    out, at = [], 0
    for a, b in spans:
        out.append(text.orig[at:a])
        at = max(at, b)
    out.append(text.orig[at:])
    return re.sub(r"(?:\s*(?:\b(?:về|ve|và|va)\b|[,;]))+\s*$", "", " ".join(out)).strip()


def topic(text: Text, remove: list[tuple[int, int]]) -> str:
    """The question with the removed spans blanked, connectors at the edges and stray
    punctuation trimmed; nothing when only function words are left."""
    chars = list(text.orig)
    blank = [False] * len(chars)
    for a, b in remove:
        for i in range(a, min(b, len(chars))):
            chars[i], blank[i] = " ", True
    for a, b in _islands(blank):  # "Nghĩa Sơn, Ninh Giang [thì] xã nào …": a connector between two removed spans
        words = re.findall(r"[^\W_]+", text.fol[a:b])
        if 0 < len(words) <= ISLAND_WORDS and all(w in FUNCTION_WORDS for w in words):
            chars[a:b] = [" "] * (b - a)
    s = "".join(chars)
    s = re.sub(r"[(\[]\s*[)\]]|(?<![^\W_])(['\"‘“])\s*['\"’”]", " ", s)  # "(mục IV)", "'X'" taken out leave their marks
    s = re.sub(r"\s+([,.;:?!])", r"\1", s)
    s = re.sub(r"([,.;:?!])[,.;:?!]+", r"\1", s)  # "khoa học. [Tôi xin phép hỏi]:" leaves ".:"
    s = re.sub(r"(?:(?<=\s)|^)[,.;:?!\-–+=→()]+(?=\s|$)", " ", s)  # "… → deliverable?", "… = ?", a bracket left alone
    s = re.sub(r"\s+", " ", s).strip(" ,.;:?!-")
    prev = None
    while prev != s:
        prev = s
        s = EDGE.sub("", s).strip(" ,.;:?!-")
    if all(w in FUNCTION_WORDS for w in re.findall(r"[^\W_]+", fold(s))):
        return ""
    return s


ISLAND_WORDS = 1  # a run this short, left between two removed spans, is a connector when all function words


def _islands(blank: list[bool]) -> list[Span]:
    """The runs of kept characters with a removed span on either side."""
    out, start = [], None
    for i, b in enumerate(blank):
        if not b and start is None:
            start = i
        elif b and start is not None:
            if start > 0:
                out.append((start, i))
            start = None
    return out


POINTING_BACK = re.compile(r"(?<![^\W_])(?:viec|ke hoach|nhiem vu|chuong trinh|chu truong|cai|van de)\s+"
                           r"(?:(?:ay|nay|do|nhu vay|neu tren|tren|tuong ung)|(?:[^\W_]+\s+){1,3}(?:ay|neu tren|noi tren))(?![^\W_])"
                           r"|(?<![^\W_])nhu vay(?![^\W_])")


def points_back(text: Text, span: Span) -> bool:
    """Does the sentence at `span` point to something said before ("kế hoạch ấy", "việc góp ý
    ấy", "một không gian chung như vậy")?  Not when a clause of its own comes before the pointer
    ("… thấy có mục khuyến khích cán bộ dám nghĩ, xin hỏi việc đó giao cho ai")."""
    m = POINTING_BACK.search(text.fol, span[0], span[1])
    own = re.search(r"^(.*)[,;]", text.fol[span[0]:m.start()]) if m else None  # "Vậy, việc ấy …" has none
    return bool(m) and not (own and len(re.findall(r"[^\W_]+", own.group(1))) >= 3)


def not_topic(text: Text, remove: list[Span], context: list[Span], context_end: int | None, sentence: Span | None,
              set_filtered: bool) -> list[Span]:
    """The spans the topic is not, once it is known which clause or sentence asks:
    - `remove` (the frame, filters and asides) and `context` (a context clause's words);
    - before `context_end`, when the asking clause says a topic of its own ("…Nghĩa Sơn giao
      công an, vậy Nghĩa Thọ giao ai chủ trì?");
    - outside the asking `sentence` of a letter, or outside it and the sentence before when it
      points back ("kế hoạch ấy"); a set question with filters (`set_filtered`) is asked by them
      when its sentence says no topic ("…; xin cho biết nhiệm vụ nào thực hiện hằng năm?")."""
    out = remove + context
    if context_end is not None and topic(text, remove + [(0, context_end)]):
        out = remove + [(0, context_end)]
    if sentence:
        start = places.sentence_before(text, sentence[0]) if points_back(text, sentence) else sentence[0]
        letter = remove + context + [(0, start), (sentence[1], len(text))]
        if topic(text, letter) or set_filtered:
            out = letter
    return out

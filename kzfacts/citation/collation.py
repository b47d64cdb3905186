"""Text in the order citeproc-js sorts a bibliography, without ICU: the key of :func:`sort_key`.

citeproc-js (Zotero's engine) compares sort keys with ``localeCompare`` for en-US at base strength,
ignoring punctuation and reading digits as numbers. Node computes that with ICU's root collation
(Unicode's CLDR order): case and accents are ignored (``Türkiye`` sorts as ``Turkiye``), spaces and
punctuation are skipped, ``Z9`` comes before ``Z10``, symbols before digits before letters, and the
letters of each script in their alphabet's order (Latin, Greek, Cyrillic, Hebrew, then Arabic).

:data:`_LETTERS` is that order for the Latin, Greek, Cyrillic, Hebrew and Arabic letters, as Node 20's
ICU gives it (``python tools/citeproc_fixture.py --letters`` prints it again; a network test checks it):
letters in one group are equal, groups are in order. A letter outside the table is read as its
compatibility decomposition, else placed after the table by code point.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_LETTERS = (
    "ʹ AaÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ ẚ Ⱥ BbḂḃḄḅḆḇ ƀɃ Ɓ Ƃƃ "
    "CcÇçĆćĈĉĊċČčḈḉ Ȼȼ Ƈƈ DdÐðĎďĐđḊḋḌḍḎḏḐḑḒḓ Ɖ Ɗ Ƌƌ ȡ ẟ "
    "EeÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ Ɇɇ Ǝǝ Ə Ɛ FfḞḟ Ƒƒ GgĜĝĞğĠġĢģǦǧǴǵḠḡ Ǥǥ Ɠ Ɣ "
    "Ƣƣ HhĤĥĦħȞȟḢḣḤḥḦḧḨḩḪḫẖ ƕǶ IiÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị ı Ɨ Ɩ JjĴĵǰ ȷ Ɉɉ KkĶķǨǩḰḱḲḳḴḵ Ƙƙ "
    "LlĹĺĻļĽľĿŀŁłḶḷḸḹḺḻḼḽ ƚȽ ȴ ƛ MmḾḿṀṁṂṃ NnÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ Ɲ ƞȠ ȵ Ŋŋ "
    "OoÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơǑǒǪǫǬǭǾǿȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ Ɔ Ɵ Ȣȣ PpṔṕṖṗ Ƥƥ Qq "
    "Ɋɋ ĸ RrŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ Ʀ Ɍɍ SsŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩẛ ȿ ẜ ẝ Ʃ ƪ TtŢţŤťȚțṪṫṬṭṮṯṰṱẗ Ŧŧ Ⱦ ƫ Ƭƭ Ʈ "
    "ȶ UuÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự Ʉ Ɯ Ʊ VvṼṽṾṿ Ʋ Ỽỽ Ʌ "
    "WwŴŵẀẁẂẃẄẅẆẇẈẉẘ XxẊẋẌẍ YyÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ Ɏɏ Ƴƴ Ỿỿ Ȝȝ ZzŹźŻżŽžẐẑẒẓẔẕ Ƶƶ Ȥȥ ɀ ƷǮǯ Ƹƹ ƺ Þþ ƿǷ "
    "ƻ Ƨƨ Ƽƽ Ƅƅ Ɂɂ ŉ ǀ ǁ ǂ ǃ ΆΑάα Ββϐ Γγ Δδ ΈΕέεϵ Ϝϝ Ͷͷ Ϛϛ Ζζ Ͱͱ ΉΗήη Θθϑϴ ͺΊΐΙΪίιϊ Ϳϳ Κκϰ Ϗϗ Λλ Μμ "
    "Νν Ξξ ΌΟοό Ππϖ Ϻϻ Ϟϟ Ϙϙ Ρρϱ ϼ ΣςσϲϹ ͼϾ ͻϽ ͽϿ Ττ ΎΥΫΰυϋύϒϓϔ Φφϕ Χχ Ψψ ΏΩωώ Ϡϡ Ͳͳ Ϸϸ Ϣϣ Ϥϥ Ϧϧ Ϩϩ "
    "Ϫϫ Ϭϭ Ϯϯ АаӐӑӒӓ ӘәӚӛ Ӕӕ Бб Вв ЃГгѓҐґ Ғғ Ӻӻ Ҕҕ Ӷӷ Дд Ԁԁ Ђђ Ԃԃ Ҙҙ ЀЁЕеѐёӖӗ Єє ЖжӁӂӜӝ Ԫԫ Җҗ ЗзӞӟ "
    "Ԅԅ Ԑԑ Ѕѕ Ӡӡ Ԇԇ ЍИиѝӢӣӤӥ Ҋҋ ІЇії Йй Јј ЌКкќ Ққ Ӄӄ Ҡҡ Ҟҟ Ҝҝ Ԟԟ Ԛԛ Лл Ӆӆ Ԯԯ Ԓԓ Ԡԡ Љљ Ԉԉ Ԕԕ Мм Ӎӎ "
    "Нн Ԩԩ Ӊӊ Ңң Ӈӈ Ԣԣ Ҥҥ Њњ Ԋԋ ОоӦӧ ӨөӪӫ Пп Ԥԥ Ҧҧ Ҁҁ Рр Ҏҏ Ԗԗ Сс Ԍԍ Ҫҫ Тт Ԏԏ Ҭҭ Ћћ ЎУуўӮӯӰӱӲӳ Үү Ұұ "
    "Ѹѹ Фф Хх Ӽӽ Ӿӿ Ҳҳ Һһ Ԧԧ Ѡѡ Ѿѿ Ѽѽ Ѻѻ Цц Ҵҵ ЧчӴӵ Ԭԭ Ҷҷ Ӌӌ Ҹҹ Ҽҽ Ҿҿ Џџ Шш Щщ Ъъ ЫыӸӹ Ьь Ҍҍ Ѣѣ ЭэӬӭ "
    "Юю Яя Ԙԙ Ѥѥ Ѧѧ Ѫѫ Ѩѩ Ѭѭ Ѯѯ Ѱѱ Ѳѳ ѴѵѶѷ Ҩҩ Ԝԝ Ӏӏ א ב ג ד ה ו װ ױ ז ח ט י ׯ ײ ךכ ל םמ ןנ ס ע ףפ ץצ "
    "ק ר ש ת ءٴ ٵ ٶ ٷ ٸ آ أ ٲ ٱ ؤ إ ٳ ئ ا ٮ ب ٻ پ ڀ ة ت ث ٹ ٺ ټ ٽ ٿ ج ڃ ڄ چ ڿ ڇ ح خ ځ ڂ څ د ذ ڈ ډ ڊ "
    "ڋ ڌ ڍ ڎ ڏ ڐ ۮ ر ز ڑ ڒ ړ ڔ ڕ ږ ڗ ژ ڙ ۯ س ش ښ ڛ ڜ ۺ ص ض ڝ ڞ ۻ ط ظ ڟ ع غ ڠ ۼ ف ڡ ڢ ڣ ڤ ڥ ڦ ٯ ق ڧ ڨ "
    "ك ک ڪ ګ ڬ ڭ ڮ گ ڰ ڱ ڲ ڳ ڴ ػ ؼ ل ڵ ڶ ڷ ڸ م ن ں ڻ ڼ ڽ ڹ ه ھ ہۂ ۃ ۿ ۀە وۥ ۄ ۅ ۆ ۇ ۈ ۉ ۊ ۋ ۏ ى يۦ ی "
    "ۍ ێ ې ۑ ؽ ؾ ؿ ؠ ےۓ"
)
"""Groups of equal letters, separated by spaces, in ICU's order at base strength."""

_EXPANSIONS = {
    "ß": "ss", "æ": "ae", "ĳ": "ij", "œ": "oe", "ƍ": "zw", "ƾ": "ts", "ǆ": "dz", "ǉ": "lj",
    "ǌ": "nj", "ǣ": "ae", "ǳ": "dz", "ǽ": "ae", "ȸ": "db", "ȹ": "qp", "ỻ": "ll",
}  # fmt: skip
"""Letters ICU compares as two (of lower-cased text): ``æ`` as ``ae``, ``ß`` as ``ss``."""

_SYMBOL, _NUMBER, _LETTER, _OTHER = range(4)
Weight = tuple[int, int]
"""One element of a key: its class (symbol, number, table letter, other letter) and rank in it."""


@cache
def _ranks() -> dict[str, int]:
    return {char: rank for rank, group in enumerate("".join(_LETTERS).split()) for char in group}


def _ignorable(char: str) -> bool:
    """Spaces, punctuation, controls, format characters and accents (at base strength); the
    Arabic tatweel only stretches a word."""
    category = unicodedata.category(char)
    return category[0] in "PZ" or category in ("Cc", "Cf", "Mn", "Me") or char == "\u0640"


def _weights(char: str) -> list[Weight]:
    rank = _ranks().get(char)
    if rank is not None:
        return [(_LETTER, rank)]
    if _ignorable(char):
        return []
    if unicodedata.category(char)[0] == "S":
        return [(_SYMBOL, ord(char))]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char:
        return [w for part in decomposed for w in _weights(part)]
    return [(_OTHER, ord(char))]


def sort_key(text: str) -> tuple[Weight, ...]:
    """The key that orders ``text`` among others as citeproc-js orders them (equal keys: equal
    text at base strength, ``Trend`` and ``TREND``)."""
    lowered = unicodedata.normalize("NFC", text.lower())
    key: list[Weight] = []
    digits = ""
    for char in "".join(_EXPANSIONS.get(c, c) for c in lowered):
        if char.isdecimal():
            digits += str(unicodedata.decimal(char))
            continue
        if digits:
            key.append((_NUMBER, int(digits)))
            digits = ""
        key.extend(_weights(char))
    if digits:
        key.append((_NUMBER, int(digits)))
    return tuple(key)

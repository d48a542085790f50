import unicodedata

from yushen.extract.normalize import RADICAL_TABLE, normalize_text


def test_radicals_map_to_simplified_ideographs():
    assert normalize_text("⼈⺠政府各部⻔") == "人民政府各部门"
    assert normalize_text("⾨") == "门"  # NFKC would give traditional 門
    assert normalize_text("⻓期") == "长期"
    assert normalize_text("⻑") == "长"  # EUI says 長; a simplified document means 长


def test_fullwidth_digits_and_latin_fold_but_chinese_punctuation_stays():
    assert normalize_text("（一）投资１２３万元，ＡＢｃ：") == "（一）投资123万元，ABc："


def test_every_kangxi_radical_is_mapped_and_nothing_else_in_range_left_unmapped():
    for cp in range(0x2F00, 0x2FD6):
        assert cp in RADICAL_TABLE, hex(cp)
    supplement = [cp for cp in range(0x2E81, 0x2EF4) if unicodedata.name(chr(cp), "")]
    assert all(cp in RADICAL_TABLE for cp in supplement)


def test_supplement_table_follows_equivalent_unified_ideograph_not_the_spec_guess():
    # Regression: shared/spec/cjk-radicals.md maps U+2E87 to 几; EquivalentUnifiedIdeograph.txt says U+20628.
    assert normalize_text("\u2e87") == "\U00020628"
    assert normalize_text("\u2e80") == "\u2e80"  # no equivalent ideograph: left alone


def test_normalisation_is_idempotent():
    s = "⼈⺠ （二） １．２ 第⼀章"
    assert normalize_text(normalize_text(s)) == normalize_text(s)


def test_pdfium_mark_for_a_hyphen_at_a_line_end_is_the_hyphen():
    # pdfium returns U+FFFE, a non-character, for a hyphen that ends a line inside a word ("Wi-" | "Fi")
    assert normalize_text("采用Wi\ufffeFi覆盖，符合GB/T 22239\ufffe2019") == "采用Wi-Fi覆盖，符合GB/T 22239-2019"

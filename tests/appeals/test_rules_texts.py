"""The appeals' pure rules of follow-ups, places and texts, without a database: follow-up
outcomes, the city's bounds, policy matching, masking for the public board and the
figures' rates."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onething.appeals import rules
from onething.appeals.rules import Bounds, follow_up_outcome, mask_text, mean, policy_matches, rate
from onething.core.ratings import SATISFIED_MIN, Rating

HUDAI = "/320000/320200/320211/320211102/"
LIANGXI = "/320000/320200/320213/"
WUXI = "/320000/320200/"
QINGMINGQIAO = "/320000/320200/320213/320213006/"
HUISHAN = "/320000/320200/320206/"


# ---------------------------------------------------------------- follow-up


class TestFollowUpOutcome:
    @pytest.mark.parametrize("rating", [1, 2])
    def test_unsatisfied_in_the_first_round_reopens(self, rating):
        assert follow_up_outcome(rating, 1) == "reopen"

    @pytest.mark.parametrize("rating", [1, 2])
    def test_unsatisfied_in_the_second_round_closes(self, rating):
        assert follow_up_outcome(rating, 2) == "close"
        assert follow_up_outcome(rating, 3) == "close"

    @pytest.mark.parametrize("rating", [3, 4, 5])
    @pytest.mark.parametrize("round_", [1, 2])
    def test_satisfied_closes(self, rating, round_):
        assert follow_up_outcome(rating, round_) == "close"

    def test_the_scale(self):
        assert sorted(Rating.values) == [1, 2, 3, 4, 5]
        assert SATISFIED_MIN == 3
        assert rules.MAX_ROUNDS == 2


# ---------------------------------------------------------------- places and policies

WUXI_BOUNDS = Bounds(
    south=Decimal("31.10"), west=Decimal("119.50"), north=Decimal("32.10"), east=Decimal("120.70")
)


class TestBounds:
    def test_inside(self):
        assert WUXI_BOUNDS.contains(Decimal("31.490000"), Decimal("120.312000"))  # 市民中心
        assert WUXI_BOUNDS.contains(Decimal("31.570000"), Decimal("120.290000"))  # 清名桥

    def test_the_edges_are_inside(self):
        assert WUXI_BOUNDS.contains(Decimal("31.10"), Decimal("119.50"))
        assert WUXI_BOUNDS.contains(Decimal("32.10"), Decimal("120.70"))
        assert WUXI_BOUNDS.contains(Decimal("31.10"), Decimal("120.70"))

    def test_outside(self):
        assert not WUXI_BOUNDS.contains(Decimal("31.230000"), Decimal("121.470000"))  # 上海
        assert not WUXI_BOUNDS.contains(Decimal("32.060000"), Decimal("118.800000"))  # 南京
        assert not WUXI_BOUNDS.contains(Decimal("31.099999"), Decimal("120.000000"))
        assert not WUXI_BOUNDS.contains(Decimal("32.100001"), Decimal("120.000000"))
        assert not WUXI_BOUNDS.contains(Decimal("120.300000"), Decimal("31.500000"))  # swapped


def fits(industries=(), sizes=(), region="", industry="通用设备制造", size="small", at=HUDAI):
    return policy_matches(
        industries=list(industries),
        sizes=list(sizes),
        region_path=region,
        enterprise_industry=industry,
        enterprise_size=size,
        enterprise_region_path=at,
    )


class TestPolicyMatches:
    def test_empty_tags_match_every_enterprise(self):
        assert fits()
        assert fits(industry="", size="", at="")

    def test_an_industry_tag_is_a_substring_of_the_industry(self):
        assert fits(industries=["制造"], industry="通用设备制造")
        assert fits(industries=["制造"], industry="风电齿轮箱制造")
        assert not fits(industries=["制造"], industry="餐饮")
        assert fits(industries=["餐饮", "文化旅游"], industry="文化旅游")
        assert not fits(industries=["制造"], industry="")

    def test_sizes(self):
        assert fits(sizes=["micro", "small"], size="small")
        assert not fits(sizes=["micro", "small"], size="medium")
        assert not fits(sizes=["large"], size="")

    def test_region_and_below(self):
        assert fits(region=LIANGXI, at=QINGMINGQIAO)
        assert fits(region=WUXI, at=HUDAI)
        assert not fits(region=LIANGXI, at=HUDAI)
        assert not fits(region=QINGMINGQIAO, at=LIANGXI)
        assert not fits(region=LIANGXI, at="")

    def test_every_tag_kind_must_fit(self):
        tags = {"industries": ["制造"], "sizes": ["small"], "region": WUXI}
        assert fits(**tags)
        assert not fits(**tags, industry="餐饮")
        assert not fits(**tags, size="large")
        assert not fits(**tags, at="/320000/320400/320412/")  # 常州 武进


# ---------------------------------------------------------------- masking


class TestMaskText:
    def test_a_mobile_number(self):
        assert mask_text("13812345678") == "138****5678"
        assert mask_text("联系电话：13812345678，请回电") == "联系电话：138****5678，请回电"
        assert mask_text("电话19951001234") == "电话199****1234"

    def test_an_identity_number_keeps_its_first_and_last_four(self):
        assert mask_text("320211199001011234") == "3202**********1234"
        assert mask_text("身份证号32021119900101123X。") == "身份证号3202**********123X。"
        assert mask_text("32021119900101123x") == "3202**********123x"

    def test_a_landline(self):
        assert mask_text("0510-82345678") == "0510-****5678"
        assert mask_text("座机051082345678") == "座机0510****5678"
        assert mask_text("010-62345678") == "010-****5678"

    def test_several_numbers_in_one_text(self):
        text = "张先生13912345678，身份证320213198805061234，单位电话0510-81234567。"
        assert mask_text(text) == (
            "张先生139****5678，身份证3202**********1234，单位电话0510-****4567。"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "石澄路路灯晚上不亮，希望更换成节能灯。",
            "石澄路94盏路灯，木樨厅小区28号楼，2021年12月",
            "请拨打12345热线或0510-12345",
            "共收集留言307件，其中涉企诉求245件、惠企建议62条",
            "合同编号2025041000123",  # 13 digits: neither a mobile nor an identity number
        ],
    )
    def test_text_without_such_numbers_is_unchanged(self, text):
        assert mask_text(text) == text

    def test_not_part_of_a_longer_number(self):
        assert mask_text("138123456789") == "138123456789"

    @settings(max_examples=200, deadline=None)
    @given(
        prefix=st.text(alphabet="联系人电话身份证号：，。 张先生abc", max_size=8),
        phone=st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
        suffix=st.text(alphabet="联系人电话身份证号：，。 谢谢abc", max_size=8),
    )
    def test_any_mobile_in_words_is_masked(self, prefix, phone, suffix):
        assert mask_text(prefix + phone + suffix) == (
            prefix + phone[:3] + "****" + phone[-4:] + suffix
        )

    @settings(max_examples=200, deadline=None)
    @given(
        prefix=st.text(alphabet="号码：，。 居民", max_size=6),
        number=st.from_regex(r"\d{17}[\dXx]", fullmatch=True),
        suffix=st.text(alphabet="号码：，。 居民", max_size=6),
    )
    def test_any_identity_number_in_words_is_masked(self, prefix, number, suffix):
        assert mask_text(prefix + number + suffix) == (
            prefix + number[:4] + "*" * 10 + number[-4:] + suffix
        )

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="0123456789-Xx 号电话，", max_size=60))
    def test_no_mobile_survives_and_masking_twice_changes_nothing(self, text):
        masked = mask_text(text)
        assert re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", masked) is None
        assert mask_text(masked) == masked


# ---------------------------------------------------------------- figures


def half_up_tenths(value: Fraction) -> Decimal:
    """The reference: a non-negative fraction rounded half-up to one decimal."""
    tenths = int(value * 10 + Fraction(1, 2))
    return Decimal(tenths) / 10


class TestRate:
    def test_none_without_a_whole(self):
        assert rate(0, 0) is None
        assert rate(5, 0) is None

    def test_one_decimal(self):
        assert rate(307, 307) == Decimal("100.0")
        assert str(rate(307, 307)) == "100.0"
        assert rate(0, 307) == Decimal("0.0")
        assert str(rate(245, 307)) == "79.8"  # 涉企诉求 of all messages
        assert str(rate(62, 307)) == "20.2"  # 惠企建议
        assert str(rate(1, 3)) == "33.3"
        assert str(rate(2, 3)) == "66.7"

    def test_half_up(self):
        assert str(rate(1, 16)) == "6.3"  # 6.25; half-even would give 6.2
        assert str(rate(1, 8)) == "12.5"
        assert str(rate(3, 16)) == "18.8"  # 18.75
        assert str(rate(5, 16)) == "31.3"  # 31.25

    @settings(max_examples=300, deadline=None)
    @given(st.integers(1, 100_000).flatmap(lambda w: st.tuples(st.integers(0, w), st.just(w))))
    def test_matches_the_exact_fraction(self, pair):
        part, whole = pair
        result = rate(part, whole)
        assert result == half_up_tenths(Fraction(part * 100, whole))
        assert result.as_tuple().exponent == -1
        assert Decimal("0.0") <= result <= Decimal("100.0")


class TestMean:
    def test_none_without_a_count(self):
        assert mean(0, 0) is None
        assert mean(12, 0) is None

    def test_one_decimal_half_up(self):
        assert str(mean(9, 2)) == "4.5"
        assert str(mean(14, 3)) == "4.7"
        assert str(mean(5, 4)) == "1.3"  # 1.25; half-even would give 1.2
        assert str(mean(1, 8)) == "0.1"  # 0.125
        assert str(mean(20, 4)) == "5.0"

    @settings(max_examples=300, deadline=None)
    @given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(n, 5 * n), st.just(n))))
    def test_a_mean_rating_lies_between_1_and_5(self, pair):
        total, count = pair
        result = mean(total, count)
        assert result == half_up_tenths(Fraction(total, count))
        assert Decimal("1.0") <= result <= Decimal("5.0")


class TestWhatTheBoardMustNotLeak:
    """Numbers written the way people write them are masked too."""

    @pytest.mark.parametrize(
        "text, shown",
        [
            ("+8613812345678", "+86138****5678"),
            ("8613812345678", "86138****5678"),
            ("138 1234 5678", "138 **** 5678"),
            ("138-1234-5678", "138-****-5678"),
            ("0510 82345678", "0510 ****5678"),
            ("(0510)82345678", "(0510)****5678"),
            ("010-1234567", "010-***4567"),
            ("旧证320211900101123", "旧证3202*******1123"),
        ],
    )
    def test_written_forms(self, text, shown):
        assert rules.mask_text(text) == shown


def test_blank_industry_tags_match_every_enterprise():
    assert rules.policy_matches(
        industries=["", " "],
        sizes=[""],
        region_path="",
        enterprise_industry="餐饮",
        enterprise_size="micro",
        enterprise_region_path="/320000/320200/",
    )


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused(rating):
    with pytest.raises(ValueError):
        rules.follow_up_outcome(rating, 1)

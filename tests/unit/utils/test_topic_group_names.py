"""Topic group names: valid for every layer, readable for plain topics, never shared."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanx.constants import MAX_GROUP_NAME_LENGTH
from chanx.utils.groups import safe_group_name, topic_group_name

VALID = re.compile(r"[A-Za-z0-9._-]{1,99}")
# Characters that sanitising merges or drops: the likeliest collisions.
TRICKY = st.text(alphabet=":-_. a/Z9é\x00", max_size=12)
ANY_TOPIC = st.one_of(TRICKY, st.text(max_size=300))
NAMESPACE = st.from_regex(r"[A-Z][A-Za-z0-9_]{0,80}", fullmatch=True)


@given(st.lists(TRICKY, unique=True, max_size=40), NAMESPACE)
def test_distinct_tricky_topics_never_share_a_group(topics: list[str], namespace: str) -> None:
    names = [topic_group_name(t, namespace) for t in topics]
    assert len(set(names)) == len(names)


@given(ANY_TOPIC, ANY_TOPIC, NAMESPACE)
def test_distinct_topics_never_share_a_group(a: str, b: str, namespace: str) -> None:
    if a != b:
        assert topic_group_name(a, namespace) != topic_group_name(b, namespace)


@given(ANY_TOPIC, NAMESPACE)
def test_every_name_is_a_valid_group(topic: str, namespace: str) -> None:
    name = topic_group_name(topic, namespace)
    assert VALID.fullmatch(name), name
    assert len(name) <= MAX_GROUP_NAME_LENGTH


@given(st.from_regex(r"[a-z0-9._]{1,20}(:[a-z0-9._]{1,20}){0,3}", fullmatch=True))
def test_plain_topics_read_as_safe_group_name(topic: str) -> None:
    name = topic_group_name(topic, "DiscussionTopic")
    assert name == safe_group_name(topic, namespace="DiscussionTopic")
    assert "--" not in name


def test_examples() -> None:
    assert topic_group_name("discussion:5", "DiscussionTopic") == "DiscussionTopic.discussion-5"
    # ``a-b`` would sanitise to the same name as ``a:b``: it gets a digest instead.
    assert topic_group_name("a:b", "T") == "T.a-b"
    assert topic_group_name("a-b", "T").startswith("T.a-b--")
    assert topic_group_name("a-b", "T") != topic_group_name("a:b", "T")
    assert topic_group_name("x", "A") != topic_group_name("x", "B")


def test_an_unsafe_namespace_is_refused() -> None:
    with pytest.raises(ValueError, match="Invalid group namespace"):
        topic_group_name("x", "bad name")


def test_safe_group_name_joins_cleans_and_bounds() -> None:
    from chanx.constants import MAX_GROUP_NAME_LENGTH
    from chanx.utils.groups import safe_group_name

    assert safe_group_name("user", 42, namespace="notification") == "notification.user.42"
    assert safe_group_name("discussion:5", namespace="DiscussionTopic") == (
        "DiscussionTopic.discussion-5"
    )
    long = safe_group_name("x" * 300)
    assert len(long) <= MAX_GROUP_NAME_LENGTH == 99
    assert long != safe_group_name("x" * 299)

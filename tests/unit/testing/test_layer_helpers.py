"""One implementation installs and restores layers, for both frameworks and every alias form."""

import pytest
from channels.layers import InMemoryChannelLayer as DjangoMemory
from channels.layers import channel_layers as django_layers
from fast_channels.layers import InMemoryChannelLayer as FastMemory
from fast_channels.layers import channel_layers as fast_layers

from chanx.fast_channels.testing import isolated_channel_layer
from chanx.testing.layers import channels_layers, fast_channels_layers, isolated_channel_layers


def test_given_layers_are_installed_and_the_previous_ones_restored() -> None:
    given_django, given_fast = DjangoMemory(), FastMemory()
    with (
        channels_layers({"spare-x": given_django}) as django_side,
        fast_channels_layers({"spare-x": given_fast, "other-x": None}) as fast_side,
    ):
        assert django_side == {"spare-x": given_django}
        assert django_layers.backends["spare-x"] is given_django
        assert fast_side["spare-x"] is given_fast
        assert isinstance(fast_side["other-x"], FastMemory)
        assert fast_layers.get("other-x") is fast_side["other-x"]
    assert "spare-x" not in django_layers.backends
    assert fast_layers.get("spare-x") is None and fast_layers.get("other-x") is None


def test_the_one_alias_helper_is_the_fast_channels_part_of_the_neutral_one() -> None:
    before = FastMemory()
    fast_layers.register("solo-x", before)
    try:
        with pytest.raises(RuntimeError), isolated_channel_layer("solo-x") as inside:
            assert fast_layers.get("solo-x") is inside is not before
            assert "solo-x" not in django_layers.backends  # Django's registry is untouched
            raise RuntimeError("test body failed")
        assert fast_layers.get("solo-x") is before
    finally:
        fast_layers.unregister("solo-x")


def test_every_framework_at_once() -> None:
    with isolated_channel_layers(["both-x"]) as layers:
        assert isinstance(layers["channels"]["both-x"], DjangoMemory)
        assert isinstance(layers["fast_channels"]["both-x"], FastMemory)
        assert django_layers.backends["both-x"] is layers["channels"]["both-x"]
    assert "both-x" not in django_layers.backends and fast_layers.get("both-x") is None

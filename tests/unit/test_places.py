"""Countries, regions, distances and search boxes on the WGS84 sphere."""

from __future__ import annotations

import pytest

from memreg.domain.places import (
    bbox_around,
    country_problem,
    haversine_m,
    region_problem,
    split_bbox,
)

MINSK = (53.9023, 27.5619)
MOSCOW = (55.7558, 37.6173)


@pytest.mark.parametrize("code", ["BY", "RU", "UA", "KZ", "GB", "AZ"])
def test_known_country_code_is_accepted(code: str) -> None:
    assert country_problem(code) is None


@pytest.mark.parametrize("code", ["XX", "SU", "by", "BLR", ""])
def test_unknown_country_code_is_refused_with_examples(code: str) -> None:
    problem = country_problem(code)
    assert problem is not None and "ISO 3166-1" in problem


@pytest.mark.parametrize(
    ("region", "country"), [("BY-HM", "BY"), ("RU-MOW", "RU"), ("GB-ABD", "GB"), ("BY-HO", "")]
)
def test_region_of_its_country_is_accepted(region: str, country: str) -> None:
    assert region_problem(region, country) is None


def test_region_of_another_country_is_refused_naming_both_countries() -> None:
    assert region_problem("RU-MOW", "BY") == "region RU-MOW is in RU, not in BY"


@pytest.mark.parametrize("region", ["BY-XX", "BY", "HM", "by-hm"])
def test_unknown_region_code_is_refused(region: str) -> None:
    problem = region_problem(region, "BY")
    assert problem is not None and "ISO 3166-2" in problem


def test_distance_minsk_to_moscow_is_about_675_km() -> None:
    assert haversine_m(*MINSK, *MOSCOW) == pytest.approx(675_000, rel=0.01)


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    assert haversine_m(*MINSK, *MINSK) == 0
    assert haversine_m(*MINSK, *MOSCOW) == pytest.approx(haversine_m(*MOSCOW, *MINSK))


def test_distance_to_the_antipode_is_half_the_circumference() -> None:
    assert haversine_m(10, 20, -10, -160) == pytest.approx(20_015_000, rel=0.001)


def _inside(boxes: list[tuple[float, float, float, float]], lat: float, lon: float) -> bool:
    return any(b[0] <= lon <= b[2] and b[1] <= lat <= b[3] for b in boxes)


@pytest.mark.parametrize(
    ("lat", "lon"), [MINSK, (0.0, 179.99), (0.0, -179.99), (64.7, -179.5), (-45.0, 0.0)]
)
def test_box_around_a_point_covers_every_point_within_the_radius(lat: float, lon: float) -> None:
    radius = 50_000.0
    boxes = bbox_around(lat, lon, radius)
    for box in boxes:
        assert -180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90
    # points on the circle in eight directions, found by stepping until just inside it
    for dlat, dlon in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]:
        step = 0.0
        while True:
            p_lat, p_lon = lat + dlat * (step + 0.01), lon + dlon * (step + 0.01)
            p_lon = (p_lon + 180) % 360 - 180
            if haversine_m(lat, lon, p_lat, p_lon) > radius:
                break
            step += 0.01
        p_lat, p_lon = lat + dlat * step, (lon + dlon * step + 180) % 360 - 180
        assert _inside(boxes, p_lat, p_lon), (p_lat, p_lon, boxes)


def test_box_near_the_antimeridian_is_split_in_two() -> None:
    boxes = bbox_around(0.0, 179.9, 50_000)
    assert len(boxes) == 2
    assert boxes[0][2] == 180.0 and boxes[1][0] == -180.0


def test_box_reaching_a_pole_spans_every_longitude() -> None:
    boxes = bbox_around(89.9, 10.0, 50_000)
    assert boxes == [(-180.0, boxes[0][1], 180.0, 90.0)]


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        ((10, 50, 20, 60), [(10, 50, 20, 60)]),
        ((170, 60, -170, 70), [(170, 60, 180.0, 70), (-180.0, 60, -170, 70)]),
        ((175, 0, 185, 5), [(175, 0, 180.0, 5), (-180.0, 0, -175, 5)]),
        ((-185, 0, -175, 5), [(175, 0, 180.0, 5), (-180.0, 0, -175, 5)]),
    ],
)
def test_box_across_the_antimeridian_becomes_two_boxes(
    box: tuple[float, float, float, float], expected: list[tuple[float, ...]]
) -> None:
    assert split_bbox(*box) == expected

"""`make bench` reads wrk's report and says which of the issue's targets a run meets."""

from loadtest.bench import parse_wrk, targets

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/films/a-film-2001/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.90ms    2.38ms  41.20ms   80.12%
    Req/Sec     0.97k   110.00     1.21k    71.00%
  Latency Distribution
     50%    7.96ms
     75%    9.02ms
     90%   10.60ms
     99%    1.10s
  19260 requests in 10.03s, 1.21GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1920.70
Transfer/sec:    123.10MB
"""


def test_wrk_figures_are_read_in_milliseconds_with_every_kind_of_error_counted():
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 1920.7,
        "p50_ms": 7.96,
        "p99_ms": 1100.0,
        "errors": 7,
        "requests": 19260,
    }


def run(**changes):
    scenario = {"rps": 1000.0, "p50_ms": 5.0, "p99_ms": 50.0, "errors": 0, "ratio_to_ceiling": 1.0}
    results = {
        name: dict(scenario)
        for name in (
            "static_ceiling",
            "film_cached",
            "film_signed_in",
            "film_uncached",
            "browse",
            "api_list",
            "browse_uncached",
            "api_list_uncached",
        )
    }
    results["search_uncached"] = dict(scenario, p99_ms=20.0)
    results["suggestions_uncached"] = dict(scenario, p99_ms=10.0)
    results["browse_community_uncached"] = dict(scenario, p99_ms=90.0)
    results["api_list_community_uncached"] = dict(scenario, p99_ms=90.0)
    results["review_posts"] = dict(scenario, accepted=10, stored=10, lost=0)
    results["worker_peak_mb"] = 100
    for path, value in changes.items():
        name, _, field = path.rpartition("__")
        if name:
            results[name][field] = value
        else:
            results[field] = value
    return targets(results)


def test_a_run_that_meets_every_target_says_so():
    assert all(run().values())


def test_each_target_fails_on_its_own_figure():
    assert not run(film_cached__ratio_to_ceiling=0.84)["film_cached_ratio_at_least_0.85"]
    assert not run(film_signed_in__ratio_to_ceiling=0.09)["film_signed_in_ratio_at_least_0.10"]
    assert not run(film_signed_in__p99_ms=60)["film_signed_in_p99_under_60ms"]
    assert not run(film_uncached__ratio_to_ceiling=0.059)["film_uncached_ratio_at_least_0.06"]
    assert not run(film_uncached__p99_ms=150)["film_uncached_p99_under_150ms"]
    assert not run(browse_uncached__ratio_to_ceiling=0.049)["browse_uncached_ratio_at_least_0.05"]
    assert not run(browse_uncached__p99_ms=150)["browse_uncached_p99_under_150ms"]
    assert not run(api_list_uncached__ratio_to_ceiling=0.049)["api_list_uncached_ratio_at_least_0.05"]
    assert not run(api_list_uncached__p99_ms=150)["api_list_uncached_p99_under_150ms"]
    assert not run(review_posts__errors=1)["review_posts_no_errors_none_lost"]
    assert not run(review_posts__lost=1)["review_posts_no_errors_none_lost"]
    assert not run(worker_peak_mb=150)["worker_peak_under_150mb"]
    assert not run(search_uncached__p99_ms=50)["search_p99_under_50ms"]
    assert not run(suggestions_uncached__p99_ms=30)["suggestions_p99_under_30ms"]
    assert not run(browse_community_uncached__p99_ms=100)["community_browse_api_p99_under_100ms"]
    assert not run(api_list_community_uncached__p99_ms=100)["community_browse_api_p99_under_100ms"]


def test_on_postgresql_the_review_posts_are_not_measured_rather_than_failed():
    assert run(review_posts=None)["review_posts_no_errors_none_lost"] is None

"""Access rules: owners change, private is private, public is for everyone, "local" without login."""
from __future__ import annotations

import pytest

from metrics import Spec
from store import AccessError, StoreError
from store.errors import InUseError

from . import data

ALICE, BOB = "alice@example.org", "bob@example.org"


def _files(variant=0):
    return {"indicators": ("i.csv", data.indicators(variant))}


def test_private_datasets_are_invisible_to_others(store):
    v = store.save_version("alice's", _files(1), user=ALICE)
    assert [d.id for d in store.list_datasets(ALICE)] == [v.dataset_id]
    assert store.list_datasets(BOB) == [] and store.list_datasets("local") == []
    assert store.list_datasets(None) == [] and store.list_datasets(BOB, include_hidden=True) == []
    for call in (lambda: store.load_dataset(v.dataset_id, 1, user=BOB),
                 lambda: store.get_version(v.dataset_id, 1, user=BOB),
                 lambda: store.get_dataset(v.dataset_id, user=BOB),
                 lambda: store.get_files(v.dataset_id, 1, user=BOB),
                 lambda: store.load_dataset(v.dataset_id, 1, user=None),
                 lambda: store.save_assessment(v.dataset_id, 1, Spec(), "peek", user=BOB)):
        with pytest.raises(AccessError) as exc:
            call()
        assert "private" in str(exc.value) and "私有" in str(exc.value)


def test_only_the_owner_changes_or_deletes(store):
    v = store.save_version("alice's", _files(1), user=ALICE, public=True)
    before = store.get_dataset(v.dataset_id, ALICE)
    changes = [lambda u: store.rename(v.dataset_id, "mine now", u),
               lambda u: store.describe(v.dataset_id, "x", u),
               lambda u: store.set_hidden(v.dataset_id, True, u),
               lambda u: store.set_public(v.dataset_id, False, u),
               lambda u: store.delete_version(v.dataset_id, 1, u),
               lambda u: store.delete_dataset(v.dataset_id, u),
               lambda u: store.save_version("x", _files(2), user=u, dataset_id=v.dataset_id)]
    for change in changes:
        for user in (BOB, "local"):
            with pytest.raises(AccessError):
                change(user)
        with pytest.raises(AccessError):  # anonymous: nothing can be written
            change(None)
    assert store.get_dataset(v.dataset_id, ALICE) == before
    assert store.counts()["versions"] == 1
    store.rename(v.dataset_id, "renamed", ALICE)
    store.save_version("x", _files(2), user=ALICE, dataset_id=v.dataset_id)
    assert [x.version for x in store.get_dataset(v.dataset_id, BOB).versions] == [1, 2]


def test_public_datasets_are_visible_to_all(store):
    v = store.save_version("shared", _files(1), user=ALICE)
    store.set_public(v.dataset_id, True, ALICE)
    for user in (BOB, "local", None):
        [d] = store.list_datasets(user)
        assert (d.id, d.owner, d.public) == (v.dataset_id, ALICE, True)
        assert store.load_dataset(v.dataset_id, 1, user=user).fingerprint == v.fingerprint
    # hidden: out of every listing but the owner's (with include_hidden); still loadable
    store.set_hidden(v.dataset_id, True, ALICE)
    assert store.list_datasets(BOB, include_hidden=True) == [] and store.list_datasets(ALICE) == []
    assert [d.id for d in store.list_datasets(ALICE, include_hidden=True)] == [v.dataset_id]
    assert store.load_dataset(v.dataset_id, 1, user=BOB).fingerprint == v.fingerprint
    store.set_hidden(v.dataset_id, False, ALICE)
    store.set_public(v.dataset_id, False, ALICE)
    assert store.list_datasets(BOB) == []
    with pytest.raises(AccessError):
        store.load_dataset(v.dataset_id, 1, user=BOB)


def test_local_workspace_without_login(store):
    v = store.save_version("local data", _files(1))
    assert v.saved_by == "local"
    [d] = store.list_datasets()
    assert d.owner == "local" and not d.public
    store.rename(v.dataset_id, "renamed")
    a = store.save_assessment(v.dataset_id, 1, Spec(), "mine")
    assert [x.id for x in store.list_assessments()] == [a.id]
    assert store.list_datasets(ALICE) == []
    with pytest.raises(AccessError):
        store.save_version("anonymous", _files(2), user=None)


def test_assessments_belong_to_whoever_saved_them(store):
    v = store.save_version("shared", _files(1), user=ALICE, public=True)
    a_bob = store.save_assessment(v.dataset_id, 1, Spec(weights="equal"), "bob's view", user=BOB)
    a_alice = store.save_assessment(v.dataset_id, 1, Spec(), "alice's view", user=ALICE)
    assert [a.id for a in store.list_assessments(BOB)] == [a_bob.id]
    assert [a.id for a in store.list_assessments(ALICE)] == [a_alice.id]
    assert store.list_assessments(None) == []
    with pytest.raises(AccessError):
        store.open_assessment(a_alice.id, user=BOB)
    with pytest.raises(AccessError):
        store.delete_assessment(a_bob.id, user=ALICE)
    # Bob's saved assessment keeps Alice's version from being deleted, and the message says which
    store.delete_assessment(a_alice.id, user=ALICE)
    with pytest.raises(InUseError) as exc:
        store.delete_dataset(v.dataset_id, ALICE)
    assert "bob's view" in str(exc.value) and BOB in str(exc.value)
    assert isinstance(exc.value, StoreError)
    # once Alice makes it private again, Bob can no longer open his assessment of it
    ds, spec = store.open_assessment(a_bob.id, user=BOB)
    assert spec == Spec(weights="equal")
    store.set_public(v.dataset_id, False, ALICE)
    with pytest.raises(AccessError):
        store.open_assessment(a_bob.id, user=BOB)
    store.delete_assessment(a_bob.id, user=BOB)
    store.delete_dataset(v.dataset_id, ALICE)
    assert store.counts() == {"datasets": 0, "versions": 0, "files": 0, "assessments": 0}


# ------------------------------------------------------------------ every public method, found by introspection
# How to call each public method of Store on Alice's private dataset (``ids``: its id, version 1 and
# her saved assessment).  A method added to Store fails test_every_public_method_is_covered until it
# is listed here, so no read can escape the access checks below.
READS = {
    "list_datasets": lambda s, ids, **who: s.list_datasets(include_hidden=True, **who),
    "get_dataset": lambda s, ids, **who: s.get_dataset(ids["dataset"], **who),
    "get_version": lambda s, ids, **who: s.get_version(ids["dataset"], 1, **who),
    "get_files": lambda s, ids, **who: s.get_files(ids["dataset"], 1, **who),
    "load_dataset": lambda s, ids, **who: s.load_dataset(ids["dataset"], 1, **who),
    "list_assessments": lambda s, ids, **who: s.list_assessments(**who),
    "get_assessment": lambda s, ids, **who: s.get_assessment(ids["assessment"], **who),
    "reopen": lambda s, ids, **who: s.reopen(ids["assessment"], **who),
    "open_assessment": lambda s, ids, **who: s.open_assessment(ids["assessment"], **who),
}
WRITES = {
    "save_version": lambda s, ids, **who: s.save_version("x", _files(2), dataset_id=ids["dataset"], **who),
    "rename": lambda s, ids, **who: s.rename(ids["dataset"], "mine now", **who),
    "describe": lambda s, ids, **who: s.describe(ids["dataset"], "x", **who),
    "set_hidden": lambda s, ids, **who: s.set_hidden(ids["dataset"], True, **who),
    "set_public": lambda s, ids, **who: s.set_public(ids["dataset"], True, **who),
    "delete_version": lambda s, ids, **who: s.delete_version(ids["dataset"], 1, **who),
    "delete_dataset": lambda s, ids, **who: s.delete_dataset(ids["dataset"], **who),
    "save_assessment": lambda s, ids, **who: s.save_assessment(ids["dataset"], 1, Spec(), "peek", **who),
    "delete_assessment": lambda s, ids, **who: s.delete_assessment(ids["assessment"], **who),
}
NO_USER_DATA = {"counts", "integrity_check", "verify", "dispose"}   # row counts and checks: no content
# anonymous (None and ""), another user, and the default user ("local", the workspace without login)
OTHERS = {"anonymous": {"user": None}, "empty": {"user": ""}, "bob": {"user": BOB}, "default": {}}


def _public_methods() -> dict:
    import inspect

    from store import Store
    return {n: f for n, f in inspect.getmembers(Store, inspect.isfunction) if not n.startswith("_")}


def test_every_public_method_is_covered():
    import inspect

    methods = _public_methods()
    assert set(methods) == set(READS) | set(WRITES) | NO_USER_DATA
    for name, f in methods.items():
        assert ("user" in inspect.signature(f).parameters) == (name not in NO_USER_DATA), name


@pytest.fixture
def private(store):
    """Alice's private dataset (one version) with her saved assessment of it."""
    v = store.save_version("alice's", _files(1), user=ALICE)
    a = store.save_assessment(v.dataset_id, 1, Spec(), "alice's view", user=ALICE)
    return {"dataset": v.dataset_id, "assessment": a.id}


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("method", sorted(READS))
def test_no_read_shows_a_private_dataset_to_anyone_else(store, private, method, who):
    try:
        got = READS[method](store, private, **OTHERS[who])
    except AccessError as exc:
        assert "私有" in str(exc) or "无权" in str(exc)
        return
    # a listing may answer, but with nothing of Alice's
    assert method.startswith("list_"), f"{method} as {who} returned {got!r}"
    assert got == []
    assert READS[method](store, private, user=ALICE)          # she does see it


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("method", sorted(WRITES))
def test_no_write_reaches_a_private_dataset_of_anyone_else(store, private, method, who):
    before = (store.get_dataset(private["dataset"], ALICE), store.counts())
    with pytest.raises(AccessError):
        WRITES[method](store, private, **OTHERS[who])
    assert (store.get_dataset(private["dataset"], ALICE), store.counts()) == before


# ------------------------------------------------------------------ malformed ids (issue 15 item 10)
MALFORMED = ["1 OR 1=1", "1; DROP TABLE dgs_datasets", 2 ** 70, str(2 ** 70), -1, "-1", 0, "1.5", 1.5, "1e3",
             "", " ", None, True, "１", "٣", "0x1", [1]]


def _id_args(method: str, ids: dict, bad) -> list[dict]:
    """The ways ``method`` takes an id: ``{"dataset": bad}``, ``{"version": bad}``, ``{"assessment": bad}``."""
    import inspect

    params = inspect.signature(_public_methods()[method]).parameters
    return [{k: bad} for k, p in (("dataset", "dataset_id"), ("version", "version"),
                                  ("assessment", "assessment_id")) if p in params]


def _call_with(method: str, store, ids: dict, override: dict):
    s = {**ids, **override}
    version = s.get("version", 1)
    calls = {
        "get_dataset": lambda: store.get_dataset(s["dataset"], ALICE),
        "get_version": lambda: store.get_version(s["dataset"], version, ALICE),
        "get_files": lambda: store.get_files(s["dataset"], version, ALICE),
        "load_dataset": lambda: store.load_dataset(s["dataset"], version, ALICE),
        "get_assessment": lambda: store.get_assessment(s["assessment"], ALICE),
        "reopen": lambda: store.reopen(s["assessment"], ALICE),
        "open_assessment": lambda: store.open_assessment(s["assessment"], ALICE),
        "save_version": lambda: store.save_version("x", _files(2), user=ALICE, dataset_id=s["dataset"]),
        "rename": lambda: store.rename(s["dataset"], "new", ALICE),
        "describe": lambda: store.describe(s["dataset"], "x", ALICE),
        "set_hidden": lambda: store.set_hidden(s["dataset"], True, ALICE),
        "set_public": lambda: store.set_public(s["dataset"], True, ALICE),
        "delete_version": lambda: store.delete_version(s["dataset"], version, ALICE),
        "delete_dataset": lambda: store.delete_dataset(s["dataset"], ALICE),
        "save_assessment": lambda: store.save_assessment(s["dataset"], version, Spec(), "x", ALICE),
        "delete_assessment": lambda: store.delete_assessment(s["assessment"], ALICE),
    }
    return calls[method]()


def test_every_method_taking_an_id_is_exercised():
    takes_id = {n for n in _public_methods() if _id_args(n, {}, 0)}
    assert takes_id == set(READS) - {"list_datasets", "list_assessments"} | set(WRITES)


def test_malformed_ids_are_not_found_not_a_crash(store, private):
    """``'1 OR 1=1'``, ``2**70``, negative numbers, float strings ... given as a dataset id, a
    version or an assessment id, to every method that takes one, are the store's NotFoundError
    (bilingual, naming the id as given), on every backend; nothing changes."""
    from store import NotFoundError

    before = store.counts()
    for method in sorted(set(READS) | set(WRITES)):
        for bad in MALFORMED:
            for override in _id_args(method, private, bad):
                if method == "save_version" and bad is None:
                    continue                                     # dataset_id=None asks for a new dataset
                with pytest.raises(NotFoundError) as exc:
                    _call_with(method, store, private, override)
                assert "不存在" in str(exc.value) or "没有版本" in str(exc.value), (method, override)
    assert store.counts() == before
    assert store.get_dataset(str(private["dataset"]), ALICE).id == private["dataset"]   # "7" is still 7

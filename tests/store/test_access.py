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

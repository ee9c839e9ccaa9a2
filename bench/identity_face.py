"""Face benchmark: model load, verify time on a 640x480 frame, liveness loop fps, attack sweep.

``run()`` returns the figures (``attack_seeds=0`` skips the liveness sweep, ~1 min per
seed on a quiet machine); as a script (2 seeds) it writes bench/results/identity_face.json.
Uses ../shared/testdata/face (skips with a reason in the JSON when it is absent).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TESTDATA = ROOT.parent / "shared" / "testdata" / "face"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


LIVE_FACES = [
    "obama.jpg",
    "obama2.jpg",
    "obama3.jpg",
    "biden.jpg",
    "biden2.jpg",
    "john1.jpeg",
    "john2.jpeg",
    "johnsnow_test1.jpg",
    "rose_leslie_img1.jpg",
    "rose_leslie_img2.jpg",
]
ATTACK_PHOTOS = [
    "antispoof/image_F1.jpg",
    "antispoof/image_F2.jpg",
    "antispoof/image_T1.jpg",
    "face_recognition/obama.jpg",
    "face_recognition/biden2.jpg",
    "face_recognition/rose_leslie_img2.jpg",
]


# Extra LivenessSession arguments for every session the corpus runs (--fold-limit).
SESSION_OPTIONS: dict[str, float] = {}


def _session(frames, challenge: str, timeout_s: float = 4.0):
    """A liveness session fed ``frames`` (the last one again) at 15 fps until it ends."""
    from kiosk.identity.liveness import LivenessSession

    session = LivenessSession(challenge, timeout_s=timeout_s, **SESSION_OPTIONS)
    i = 0
    while session.final is None:
        session.feed(frames[min(i, len(frames) - 1)], i / 15.0)
        i += 1
    return session


def _play(frames, challenge: str, timeout_s: float = 4.0):
    return _session(frames, challenge, timeout_s).final


def _spread(values: list[float]) -> dict | None:
    if not values:
        return None
    return {"min": min(values), "median": round(statistics.median(values), 4),
            "max": max(values), "n": len(values)}  # fmt: skip


def liveness_sweep(attack_seeds: int = 2) -> dict:
    """Synthesized live sequences (should pass) and held-up pictures (must not)."""
    from kiosk.identity import face_synthetic as fs
    from kiosk.identity.face import load_image

    live: dict[str, dict[str, str]] = {}
    for name in LIVE_FACES:
        frame = fs.frame_from_photo(load_image(TESTDATA / "face_recognition" / name))
        live[name] = {
            "blink": _play(fs.blink_frames(frame), "blink").state.value,
            "turn_left": _play(fs.turn_frames(frame, 1), "turn_left").state.value,
            "turn_right": _play(fs.turn_frames(frame, -1), "turn_right").state.value,
        }
    attacks: dict[str, dict[str, int]] = {}
    passed_attacks = 0
    for name in ATTACK_PHOTOS:
        photo = load_image(TESTDATA / name)
        outcome: dict[str, int] = {}
        for seed in range(attack_seeds):
            stream = fs.held_photo_frames(photo, 62, seed=seed)
            for challenge in ("blink", "turn_left", "turn_right"):
                final = _play(stream, challenge)
                key = f"{final.state.value}:{final.detail}"
                outcome[key] = outcome.get(key, 0) + 1
                passed_attacks += final.state.value == "passed"
        attacks[name] = outcome
    counts = {
        c: sum(v[c] == "passed" for v in live.values())
        for c in ("blink", "turn_left", "turn_right")
    }
    return {
        "synthetic_live_passed": {c: f"{n}/{len(live)}" for c, n in counts.items()},
        "synthetic_live": live,
        "held_picture_attacks_passed": f"{passed_attacks}/{len(ATTACK_PHOTOS) * attack_seeds * 3}",
        "held_picture_attacks": attacks,
    }


ATTACK_CORPUS_PHOTOS = [
    "antispoof/image_F1.jpg",
    "face_recognition/obama.jpg",
    "face_recognition/rose_leslie_img2.jpg",
]
# What a terminal's session asks (kiosk.identity.liveness.challenge_plan with no challenge
# given): a blink, then a turn to a random side.  Each action alone is tried too, to show
# which attack each one stops.
PLANS = (("blink", "turn_left"), ("blink", "turn_right"))
ALONE = (("blink",), ("turn_left",), ("turn_right",))
LIVE_SEEDS = 8  # variations per bona fide face in --corpus-only: 10 x 8 x 2 plans = 160
STEP_TIMEOUT_S = 3.0  # per action, for attacks and bona fide alike (the terminal gives 8)


def _side(plan: tuple[str, ...]) -> int:
    """The image side of the plan's turn (the customer's left is image right, unmirrored)."""
    return 1 if plan[-1] == "turn_left" else -1


def attack_corpus(photos: list[str] | None = None, live_seeds: int = 4,
                  live_faces: list[str] | None = None,
                  kinds: list[str] | None = None) -> dict:  # fmt: skip
    """APCER per attack type and BPCER over the bona fide corpus (kiosk.identity.face_attacks).

    Every attack of every photo is tried against every plan a terminal's session may ask
    (the attacker turning the picture to the asked side, the strongest attacker), and
    against each action alone (a blink alone is the demo's fixed challenge) to show what
    each action stops.  A bona fide sequence is a live customer doing a plan as the session
    guides him (kiosk.identity.face_customer.GuidedCustomer, the demo camera's acting person
    on a stepped clock: he blinks again while a blink is still asked), for each face of
    ``live_faces`` and ``live_seeds`` variations each.  ``kinds``: a subset of the attack
    types (all of kiosk.identity.face_attacks.ATTACKS by default).
    """
    from kiosk.identity import face_attacks as fa
    from kiosk.identity import face_synthetic as fs
    from kiosk.identity.face import load_image

    photos = photos or ATTACK_CORPUS_PHOTOS
    n = int(len(max(PLANS, key=len)) * STEP_TIMEOUT_S * 15) + 2
    per_type: dict[str, dict] = {}
    alone: dict[str, dict[str, str]] = {}
    flat_planar: list[float] = []  # depth cue of attacks whose picture was turned far enough
    attack_bend: list[float] = []  # and their parallax cue (face_parallax.column_bend)
    attack_fold: dict[str, list[float]] = {}  # face_parallax.fold_residual, per type
    attack_moire: dict[str, list[float]] = {}  # the screen cue's largest value per session
    for kind in fa.ATTACKS if kinds is None else kinds:
        outcomes: dict[str, int] = {}
        passed = tried = 0
        alone[kind] = {}
        alone_passed = dict.fromkeys(("+".join(a) for a in ALONE), 0)
        for name in photos:
            frame = fs.frame_from_photo(load_image(TESTDATA / name))
            for plan in PLANS:
                stream = fa.attack_frames(frame, kind, seed=1, n=n, turn=_side(plan))
                session = _session(stream, "+".join(plan), timeout_s=STEP_TIMEOUT_S)
                final = session.final
                if "turn_planar" in session.cues:
                    flat_planar.append(session.cues["turn_planar"])
                    attack_bend.append(session.cues["turn_bend"])
                if "turn_fold" in session.cues:
                    attack_fold.setdefault(kind, []).append(session.cues["turn_fold"])
                if "moire" in session.cues:
                    attack_moire.setdefault(kind, []).append(session.cues["moire"])
                key = f"{final.state.value}:{final.detail}"
                outcomes[key] = outcomes.get(key, 0) + 1
                passed += final.state.value == "passed"
                tried += 1
            for action in ALONE:
                stream = fa.attack_frames(frame, kind, seed=1, n=n, turn=_side(action))
                final = _play(stream, action[0], STEP_TIMEOUT_S)
                alone_passed[action[0]] += final.state.value == "passed"
        per_type[kind] = {"apcer": round(passed / tried, 3), "passed": f"{passed}/{tried}",
                          "outcomes": outcomes}  # fmt: skip
        alone[kind] = {k: f"{v}/{len(photos)}" for k, v in alone_passed.items()}
    refused: list[str] = []
    cues: dict[str, list[float]] = {}
    live = 0
    for name in live_faces or LIVE_FACES:
        frame = fs.frame_from_photo(load_image(TESTDATA / "face_recognition" / name))
        for seed in range(live_seeds):
            for plan in PLANS:
                live += 1
                session = _guided_session(frame, "+".join(plan), seed, STEP_TIMEOUT_S)
                for cue, value in session.cues.items():
                    cues.setdefault(cue, []).append(value)
                if session.final.state.value != "passed":
                    refused.append(f"{name} {'+'.join(plan)} seed {seed}: "
                                   f"{session.final.detail} at {session.challenge} "
                                   f"{session.cues}")  # fmt: skip
    from kiosk.identity.liveness import LivenessSession

    limits = LivenessSession("blink", **SESSION_OPTIONS)
    return {
        "liveness_apcer": {k: v["apcer"] for k, v in per_type.items()},
        "liveness_bpcer": round(len(refused) / live, 3) if live else None,
        "attacks": per_type,
        "one_action_attacks_passed": alone,
        "bona_fide": {"sequences": live, "refused": refused},
        # Noise floor and signal: relative openness jitter and yaw jitter of the neutral
        # frames; the lowest openness / neutral seen in a blink (closed under
        # blink_limit_ratio), the largest yaw change towards the asked side (turn_delta)
        # and the depth cue when turned (planar_limit; flat pictures stay under it).
        "bona_fide_cues": {k: _spread(v) for k, v in sorted(cues.items())},
        "attack_turn_planar": _spread(flat_planar),
        "attack_turn_bend": _spread(attack_bend),
        # The largest fold cue of a session whose turn was judged (fold_limit: under it,
        # two planes either side of a crease).
        "attack_turn_fold": {k: _spread(v) for k, v in attack_fold.items()},
        "attack_moire": {k: _spread(v) for k, v in attack_moire.items()},
        "limits": {
            "turn_delta": limits.turn_delta,
            "planar_limit": limits.planar_limit,
            "bend_limit": limits.bend_limit,
            "fold_limit": limits.fold_limit,
            "moire_limit": limits.moire_limit,
            "blink_ratio": limits.blink_ratio,
        },  # fmt: skip
        "plans": ["+".join(p) for p in PLANS],
        "bona_fide_model": "GuidedCustomer: follows the session's guidance (kiosk.identity."
        "face_customer over devices.camera.acting.ActingPerson, the demo camera's), 0.4-0.8 s "
        "reaction time, blinks again while a blink is asked",
        "step_timeout_s": STEP_TIMEOUT_S,
        "attack_photos": photos,
    }


def _guided_session(frame, challenge: str, seed: int, timeout_s: float):
    """A session fed by a live customer who reads its guidance (face_customer.GuidedCustomer)."""
    from kiosk.identity.face_customer import GuidedCustomer
    from kiosk.identity.liveness import LivenessSession

    session = LivenessSession(challenge, timeout_s=timeout_s, **SESSION_OPTIONS)
    customer = GuidedCustomer(frame, seed)
    key, i = "liveness.hold_still", 0
    while session.final is None:
        key = session.feed(customer.frame(key), i / 15.0).guidance_key
        i += 1
    return session


def _peak_bend(frames) -> tuple[float, float] | None:
    """(largest yaw change, column bend there) from the first frame to the most turned one."""
    from kiosk.identity import face_engine as fe
    from kiosk.identity import face_geometry as fg
    from kiosk.identity import face_parallax

    rgb = fe.to_rgb(frames[0])
    boxes = fe.detect_faces(rgb, 320)
    if not boxes:
        return None
    lm0 = fe.landmarks(rgb, boxes[0])
    yaw0, best = fg.yaw_ratio(lm0), None
    for f in frames[1::2]:
        rgb = fe.to_rgb(f)
        boxes = fe.detect_faces(rgb, 320)
        if boxes:
            d = abs(fg.yaw_ratio(fe.landmarks(rgb, boxes[0])) - yaw0)
            if best is None or d > best[0]:
                best = (d, f)
    if best is None:
        return None
    return round(best[0], 4), round(face_parallax.column_bend(frames[0], best[1], lm0), 4)


def parallax_distribution(photos: list[str] | None = None, live_seeds: int = 2) -> dict:
    """The parallax cue (face_parallax.column_bend) of every attack type and of live turns.

    Measured outside any session, from each sequence's first frame to its most turned
    frame (largest yaw change), so attacks that never hold a turn long enough for the
    session to measure it are measured too: the cue's distribution before any threshold.
    """
    from kiosk.identity import face_attacks as fa
    from kiosk.identity import face_synthetic as fs
    from kiosk.identity.face import load_image

    n = int(len(max(PLANS, key=len)) * STEP_TIMEOUT_S * 15) + 2
    attacks: dict[str, dict] = {}
    for kind in fa.ATTACKS:
        values, yaws = [], []
        for name in photos or ATTACK_CORPUS_PHOTOS:
            frame = fs.frame_from_photo(load_image(TESTDATA / name))
            for side in (1, -1):
                got = _peak_bend(fa.attack_frames(frame, kind, seed=1, n=n, turn=side))
                if got is not None:
                    yaws.append(got[0])
                    values.append(got[1])
        attacks[kind] = {"bend": _spread(values), "yaw_change": _spread(yaws)}
    live_values, live_yaws = [], []
    for name in LIVE_FACES:
        frame = fs.frame_from_photo(load_image(TESTDATA / "face_recognition" / name))
        for seed in range(live_seeds):
            got = _peak_bend(fa.live_turn(frame, 1 if seed % 2 else -1, seed))
            if got is not None:
                live_yaws.append(got[0])
                live_values.append(got[1])
    return {
        "attacks": attacks,
        "bona_fide_turns": {"bend": _spread(live_values), "yaw_change": _spread(live_yaws)},
    }


def run(verify_runs: int = 15, attack_seeds: int = 1) -> dict:
    if not TESTDATA.is_dir():
        return {"skipped": f"sample data not found at {TESTDATA}"}
    from kiosk.identity import face_engine, face_synthetic
    from kiosk.identity.face import FaceVerifier, load_image
    from kiosk.identity.liveness import LivenessSession

    start = time.perf_counter()
    load_s = face_engine.load_models()
    fr = TESTDATA / "face_recognition"
    reference = load_image(fr / "obama.jpg")
    frames = {
        name: face_synthetic.frame_from_photo(load_image(fr / name))
        for name in ("obama2.jpg", "obama3.jpg", "biden2.jpg")
    }
    verifier = FaceVerifier()
    verifier.encode_reference(reference)
    times = []
    for i in range(verify_runs):
        probe = list(frames.values())[i % len(frames)]
        times.append(verifier.compare(probe).elapsed_ms)
    stateless = []
    for _ in range(5):
        stateless.append(verifier.verify(frames["obama2.jpg"], frames["obama3.jpg"]).elapsed_ms)

    # Liveness loop on a 640x480 blink sequence, repeated so the loop runs ~90 frames.
    seq = face_synthetic.blink_frames(frames["biden2.jpg"], still=30, after=30)
    fed = 0
    t0 = time.perf_counter()
    for _ in range(2):
        s = LivenessSession("turn_left", timeout_s=1e9)  # never passes: measure the loop
        for frame in seq:
            s.feed(frame, fed / 15.0)
            fed += 1
    loop_s = time.perf_counter() - t0
    return {
        "model_load_s": round(load_s, 3),
        "verify_640x480_ms": {
            "runs": len(times),
            "median": round(statistics.median(times), 1),
            "p90": _pct(times, 0.9),
            "min": round(min(times), 1),
            "note": "compare(): frame detect + encode against a reference encoded once",
        },
        "verify_two_frames_ms": {
            "median": round(statistics.median(stateless), 1),
            "note": "verify(): both 640x480 frames detected and encoded",
        },
        "liveness_fps_640x480": round(fed / loop_s, 1),
        "liveness_frames": fed,
        "liveness_sweep": liveness_sweep(attack_seeds) if attack_seeds else None,
        "attack_corpus": attack_corpus() if attack_seeds else None,
        "total_s": round(time.perf_counter() - start, 1),
        # Two shared cores: a busy machine slows every figure (see docs/face.md).
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
    }


def _corpus_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="the liveness attack corpus: APCER / BPCER")
    parser.add_argument("--corpus-only", action="store_true", required=True)
    parser.add_argument("--kinds", help="attack types, comma-separated, or none (default: all)")
    parser.add_argument(
        "--live-seeds",
        type=int,
        default=LIVE_SEEDS,
        help="bona fide variations per face (0: no bona fide run)",
    )
    parser.add_argument("--live-faces", help="bona fide faces, comma-separated (default: all)")
    parser.add_argument(
        "--no-parallax",
        action="store_true",
        help="skip the parallax cue's distribution outside sessions",
    )
    parser.add_argument(
        "--fold-limit",
        type=float,
        default=None,
        help="LivenessSession fold_limit (the fold cue, off by default; "
        "liveness.FOLD_LIMIT is the measured one)",
    )
    parser.add_argument("--out", default="liveness.json", help="file in bench/results/")
    return parser.parse_args(argv)  # fmt: skip


if __name__ == "__main__":
    if "--corpus-only" in sys.argv:  # only the attack corpus: APCER / BPCER
        args = _corpus_args(sys.argv[1:])
        if args.fold_limit is not None:
            SESSION_OPTIONS["fold_limit"] = args.fold_limit
        t0, cpu0 = time.perf_counter(), time.process_time()
        load0 = os.getloadavg()[0]
        kinds = None if not args.kinds else [] if args.kinds == "none" else args.kinds.split(",")
        result = {"attack_corpus": attack_corpus(
            live_seeds=args.live_seeds,
            live_faces=args.live_faces.split(",") if args.live_faces else None,
            kinds=kinds)}  # fmt: skip
        if not args.no_parallax:
            result["parallax_cue"] = parallax_distribution()
        result |= {"liveness_apcer": result["attack_corpus"]["liveness_apcer"],
                   "liveness_bpcer": result["attack_corpus"]["liveness_bpcer"],
                   "total_s": round(time.perf_counter() - t0, 1),
                   "cpu_s": round(time.process_time() - cpu0, 1),
                   "load_average_1min": [round(load0, 2),
                                         round(os.getloadavg()[0], 2)]}  # fmt: skip
        out = ROOT / "bench" / "results" / args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(
            json.dumps(result["attack_corpus"]["liveness_apcer"]),
            result["attack_corpus"]["liveness_bpcer"],
        )
        sys.exit(0)
    # The whole bench takes no options: --help says so instead of running it (minutes).
    argparse.ArgumentParser(
        description="face verify, liveness speed and the attack corpus: the whole face bench "
        "(--corpus-only --help: the attack corpus alone, with its options)"
    ).parse_args()
    result = run(attack_seeds=2)
    out = ROOT / "bench" / "results" / "identity_face.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))

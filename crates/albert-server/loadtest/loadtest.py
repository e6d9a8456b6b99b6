"""Requests and answer checks for the `albert-jit serve` load test (run.sh).

prep URL BIN OUT_DIR  -- short sentences (8-40 tokens with [CLS]/[SEP]), a mix of
                         /embed, /fill-mask and /predict requests, and the CLI's own
                         answers to each (albert-jit embed / fill-mask / sop).
check OUT_DIR PASS_DIR -- every distinct 200 body wrk saw vs the CLI's answer.
metrics URL           -- batch size and tokens the server formed, from /metrics.
"""
import json
import random
import subprocess
import sys
import urllib.request

# Scores and embeddings from a server batch vs the CLI's batch: other rows and
# padding, so equal up to float rounding.
TOL = 1e-4

WORDS = ("the of and a to in is was he for it with as his on be at by had are but from or have an they which "
         "one you were her all she there would their we him been has when who will more no if out so said what up "
         "its about into than them can only other new some could time these two may then do first any my now "
         "such like our over man me even most made after also did many before must through back years where much "
         "your way well down should because each just those people mr how too little state good very make world "
         "still own see men work long get here between both life being under never day same another know while "
         "last might us great old year off come since against go came right used take three").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.load(r)


def cli(binary, *args):
    out = subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def prep(url, binary, out_dir):
    rng = random.Random(10)
    reqs = []
    for i in range(16):
        s = sentence(rng, rng.randint(6, 36))
        reqs.append(("/embed", {"inputs": s, "normalize": False}, {"text": s}))
        words = sentence(rng, rng.randint(6, 36)).split()
        words[rng.randrange(len(words))] = "[MASK]"
        m = " ".join(words)
        reqs.append(("/fill-mask", {"inputs": m, "parameters": {"top_k": 5}}, {"text": m}))
        a, b = sentence(rng, rng.randint(3, 16)), sentence(rng, rng.randint(3, 16))
        reqs.append(("/predict", {"inputs": [a, b]}, {"a": a, "b": b}))
    embeds = [r[2]["text"] for r in reqs if r[0] == "/embed"]
    masks = [r[2]["text"] for r in reqs if r[0] == "/fill-mask"]
    emb = iter(cli(binary, "embed", *embeds)["embeddings"])
    fill = iter(cli(binary, "fill-mask", "--top-k", "5", *masks))
    lines, expected = [], []
    for path, body, meta in reqs:
        if path == "/embed":
            want = next(emb)
            toks = len(post(url + "/tokenize", {"inputs": meta["text"]})[0])
        elif path == "/fill-mask":
            want = next(fill)
            toks = len(post(url + "/tokenize", {"inputs": meta["text"]})[0])
        else:
            want = cli(binary, "sop", meta["a"], meta["b"])
            toks = len(post(url + "/tokenize", {"inputs": meta["a"]})[0]) + len(
                post(url + "/tokenize", {"inputs": meta["b"]})[0]) - 1
        assert 8 <= toks <= 40, (toks, meta)
        lines.append(f"{path}\t{toks}\t{json.dumps(body)}")
        expected.append({"path": path, "want": want})
    open(f"{out_dir}/requests.txt", "w").write("\n".join(lines) + "\n")
    json.dump(expected, open(f"{out_dir}/expected.json", "w"))
    print(f"{len(lines)} requests, {sum(int(l.split(chr(9))[1]) for l in lines) / len(lines):.1f} tokens on average")


def agrees(path, got, want):
    if path == "/embed":
        return len(got) == 1 and len(got[0]) == len(want) and max(abs(a - b) for a, b in zip(got[0], want)) <= TOL
    if path == "/fill-mask":
        return len(got) == len(want) and all(
            g["token"] == w["token"] and g["sequence"] == w["sequence"] and abs(g["score"] - w["score"]) <= TOL
            for g, w in zip(got, want))
    scores = {p["label"]: p["score"] for p in got}
    return abs(scores["in_order"] - want["in_order"]) <= TOL and abs(scores["swapped"] - want["swapped"]) <= TOL


def check(out_dir, bodies_dir):
    import glob
    expected = json.load(open(f"{out_dir}/expected.json"))
    checked = wrong = bad_status = 0
    for f in glob.glob(f"{bodies_dir}/bodies-*.txt"):
        for line in open(f):
            idx, body = line.rstrip("\n").split("\t", 1)
            e = expected[int(idx) - 1]
            if body.startswith("STATUS "):
                bad_status += 1
                print("non-200/429:", e["path"], body[:200])
                continue
            checked += 1
            if not agrees(e["path"], json.loads(body), e["want"]):
                wrong += 1
                print("WRONG:", e["path"], body[:200])
    print(json.dumps({"distinct_bodies_checked": checked, "wrong": wrong, "other_status": bad_status}))


def metrics(url):
    text = urllib.request.urlopen(url + "/metrics").read().decode()
    val = {}
    for line in text.splitlines():
        if line.startswith(("te_batch_next_size_", "te_batch_next_tokens_")) and "bucket" not in line:
            k, v = line.split()
            val[k] = float(v)
    n = val.get("te_batch_next_size_count", 0) or 1
    print(json.dumps({"batches": val.get("te_batch_next_size_count", 0),
                      "mean_batch_size": round(val.get("te_batch_next_size_sum", 0) / n, 2),
                      "mean_padded_tokens": round(val.get("te_batch_next_tokens_sum", 0) / n, 1)}))


if __name__ == "__main__":
    {"prep": lambda: prep(*sys.argv[2:5]), "check": lambda: check(sys.argv[2], sys.argv[3]),
     "metrics": lambda: metrics(sys.argv[2])}[sys.argv[1]]()

"""huggingface_hub's InferenceClient against `albert-jit serve`.

Usage: python inference_client.py FILL_MASK_URL EMBED_URL
Both servers run the same model: the first with --task fill-mask, the second
with --task embed. The client POSTs to the base URL, as it does for a TEI or
Inference Endpoints URL. Exits non-zero on any mismatch.
"""
import json
import sys
import urllib.request

from huggingface_hub import InferenceClient


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


fill_url, embed_url = sys.argv[1], sys.argv[2]

out = InferenceClient(base_url=fill_url).fill_mask("the capital of france is [MASK].", top_k=3)
assert len(out) == 3, out
for p in out:
    assert isinstance(p.score, float) and isinstance(p.token, int), p
    assert isinstance(p.token_str, str) and isinstance(p.sequence, str), p
direct = post(fill_url + "/fill-mask", {"inputs": "the capital of france is [MASK].", "parameters": {"top_k": 3}})
assert [p.token for p in out] == [d["token"] for d in direct], (out, direct)
assert [p.sequence for p in out] == [d["sequence"] for d in direct]

targets = InferenceClient(base_url=fill_url).fill_mask("the capital of france is [MASK].", targets=["paris", "london"])
assert sorted(p.token_str for p in targets) == ["london", "paris"], targets

emb = InferenceClient(base_url=embed_url).feature_extraction("hello world", normalize=True, truncate=True)
assert emb.shape[0] == 1 and emb.shape[1] > 1, emb.shape
norm = float((emb[0] ** 2).sum()) ** 0.5
assert abs(norm - 1.0) < 1e-4, norm
direct = post(embed_url + "/embed", {"inputs": "hello world"})
assert max(abs(a - b) for a, b in zip(emb[0].tolist(), direct[0])) < 1e-6
print("InferenceClient: fill_mask and feature_extraction OK")

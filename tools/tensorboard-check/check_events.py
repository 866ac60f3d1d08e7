"""Reads a TensorBoard log dir written by TensorBoardWriter with TensorBoard's own readers and
checks the scalars WriteSample.java wrote. Exit 1 on any difference."""
import sys

from tensorboard.backend.event_processing import event_accumulator

expected = {}
for epoch in range(3):
    expected.setdefault("train_loss", []).append((epoch, 2.0 / (epoch + 1)))
    expected.setdefault("train_top1", []).append((epoch, 10.0 * (epoch + 1)))
for epoch in range(3, 5):
    expected.setdefault("valid_loss", []).append((epoch, 0.25 * epoch))
    expected.setdefault("valid_top1", []).append((epoch, 12.5 * epoch))

acc = event_accumulator.EventAccumulator(sys.argv[1])  # reads every events file of the dir in order
acc.Reload()
tags = sorted(acc.Tags()["scalars"])
print("scalar tags:", tags)
ok = tags == sorted(expected)
for tag in tags:
    got = [(e.step, e.value) for e in acc.Scalars(tag)]
    print(tag, got)
    want = expected.get(tag, [])
    ok &= len(got) == len(want) and all(
        s == ws and abs(v - wv) < 1e-6 for (s, v), (ws, wv) in zip(got, want))
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)

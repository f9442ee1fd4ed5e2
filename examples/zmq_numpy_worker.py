"""The Python worker of examples/zmq_numpy_worker.rs: PULLs batches from the Rust producer,
computes on the numpy arrays where they were received (no copy), PUSHes results back.

    python zmq_numpy_worker.py <jobs endpoint> <results endpoint>
"""

import os
import sys
from dataclasses import dataclass

import numpy as np
import pyfory
import zmq

import fory_frame
import fory_ndarray


@dataclass
class Job:
    id: int
    scale: float
    data: np.ndarray
    labels: np.ndarray


@dataclass
class Reply:
    id: int
    worker: int
    sums: np.ndarray
    label_sum: int
    copies: int


def copies(*arrays):
    """Arrays that own their memory (a copy was made) instead of viewing the received frame."""
    return sum(1 for a in arrays if a.flags.owndata)


def main():
    f = fory_ndarray.register(pyfory.Fory(xlang=True, compatible=True))
    f.register_type(Job, name="example.Job")
    f.register_type(Reply, name="example.Reply")
    ctx = zmq.Context()
    jobs = ctx.socket(zmq.PULL)
    jobs.connect(sys.argv[1])
    results = ctx.socket(zmq.PUSH)
    results.connect(sys.argv[2])
    fory_frame.send(results, f, f"ready {os.getpid()}")
    while True:
        msg = fory_frame.recv(jobs, f)
        if isinstance(msg, str):
            assert msg == "stop", msg
            break
        if isinstance(msg, np.ndarray):  # a raw batch; its id is in element [0, 0]
            reply = Reply(int(msg[0, 0]), os.getpid(), msg.sum(axis=1, dtype=np.float64), 0, copies(msg))
        else:
            sums = (msg.data * msg.scale).sum(axis=1, dtype=np.float64)
            reply = Reply(msg.id, os.getpid(), sums, int(msg.labels.sum()), copies(msg.data, msg.labels))
        fory_frame.send(results, f, reply)
    results.close(linger=2000)
    jobs.close(linger=0)
    ctx.term()


if __name__ == "__main__":
    main()

"""sklearn_digits.py — scikit-learn's side of issue #14's digits benchmark.

Trains sklearn.neural_network.MLPClassifier on the digits data with the
settings of our side (bench/lib/digits_side.mjs): one hidden layer of 64 ReLU
units, softmax output, Adam with lr 0.001, batch 64, no L2 (alpha 0), shuffled
minibatches, and enough epochs for at least the requested number of
minibatch updates (early stopping and the tolerance check are off). Prints
one JSON object: steps per second of fit() (median of the repeats), the
test accuracy, the split sizes and the BLAS that NumPy uses (threadpoolctl).

Run by bench/run.mjs with OPENBLAS_NUM_THREADS=1 (our trainer is single
threaded) and without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, so OpenBLAS picks
its kernels for this CPU. Deliberately left out: anything but timing fit().

Usage: python3 sklearn_digits.py STEPS REPEATS
"""
import json
import math
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info


def main():
    steps = int(sys.argv[1])
    repeats = int(sys.argv[2])
    batch = 64
    x, y = load_digits(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
    batches_per_epoch = math.ceil(len(x_train) / batch)
    epochs = math.ceil(steps / batches_per_epoch)
    seconds = []
    accuracies = []
    for repeat in range(repeats):
        model = MLPClassifier(hidden_layer_sizes=(64,), activation="relu", solver="adam",
                              learning_rate_init=0.001, batch_size=batch, alpha=0.0, shuffle=True,
                              max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1,
                              early_stopping=False, random_state=repeat)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.process_time()
            model.fit(x_train, y_train)
            seconds.append(time.process_time() - start)
        accuracies.append(float(model.score(x_test, y_test)))
    blas = [{"api": i.get("internal_api"), "kernel": i.get("architecture"), "threads": i.get("num_threads"),
             "version": i.get("version")} for i in threadpool_info() if i.get("user_api") == "blas"]
    done_steps = epochs * batches_per_epoch
    print(json.dumps({
        "stepsPerSecond": done_steps / float(np.median(seconds)),
        "steps": done_steps,
        "epochs": epochs,
        "testAccuracy": float(np.median(accuracies)),
        "testAccuracies": accuracies,
        "train": len(x_train),
        "test": len(x_test),
        "blas": blas,
        "sklearn": __import__("sklearn").__version__,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()

# Only generators whose yield takes a value (driven with send()) are lanes:
# a plain generator in a for loop and a generator expression are not.
def running_total():
    total = 0
    while True:
        value = yield total      # takes the value sent in: a coroutine
        total += value


def countdown(n):
    while n:
        yield n                  # only hands values out: an iterator
        n -= 1


acc = running_total()
next(acc)
for v in countdown(3):
    acc.send(v)
print(f"total {acc.send(0)}, squares {sum(x * x for x in range(4))}")
acc.close()
print("closed")

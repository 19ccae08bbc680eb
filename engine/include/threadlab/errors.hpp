// Python's exceptions, under Python's names, so that a misuse in a scenario
// shows the student exactly the error they would meet in CPython.
#pragma once
#include <stdexcept>
#include <string>

namespace tl {

// Base of every Python-named error. type() is the name a Python traceback
// prints ("RuntimeError", "queue.Full", ...).
class PyError : public std::runtime_error {
public:
    PyError(std::string type, const std::string& message)
        : std::runtime_error(message), type_(std::move(type)) {}
    const std::string& type() const { return type_; }
    // "RuntimeError: cannot release un-acquired lock"
    std::string formatted() const {
        std::string m = what();
        return m.empty() ? type_ : type_ + ": " + m;
    }

private:
    std::string type_;
};

struct RuntimeError : PyError {
    explicit RuntimeError(const std::string& m) : PyError("RuntimeError", m) {}
};
struct ValueError : PyError {
    explicit ValueError(const std::string& m) : PyError("ValueError", m) {}
};
struct TimeoutError : PyError {
    explicit TimeoutError(const std::string& m = "") : PyError("TimeoutError", m) {}
};
struct BrokenBarrierError : PyError {
    BrokenBarrierError() : PyError("threading.BrokenBarrierError", "") {}
};
struct AttributeError : PyError {
    explicit AttributeError(const std::string& m) : PyError("AttributeError", m) {}
};
// queue.Full / queue.Empty carry no message in CPython.
struct QueueFull : PyError {
    QueueFull() : PyError("queue.Full", "") {}
};
struct QueueEmpty : PyError {
    QueueEmpty() : PyError("queue.Empty", "") {}
};

// Thrown inside a scenario thread to unwind it when the run is stopped, or
// when the interpreter "exits" under a daemon thread. Deliberately not a
// std::exception, so scenario code catching std::exception cannot swallow it.
struct ThreadKilled {};

// Thrown out of a wait when the interrupt hook says the wait ends there
// (Runtime::interrupt: a signal handler that raised, KeyboardInterrupt out
// of a blocked join() in the main thread). The embedding has set its error.
struct WaitInterrupted {};

}  // namespace tl

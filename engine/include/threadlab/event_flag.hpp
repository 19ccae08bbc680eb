// threading.Event (named event_flag.hpp to keep it apart from the event log)
#pragma once
#include "threadlab/object.hpp"

namespace tl {

class Event : public Object {
public:
    Event(Runtime& rt, std::string name);
    bool is_set() const;
    void set();
    void clear();
    // Returns the flag on return: false only on timeout.
    bool wait(Timeout timeout = std::nullopt);

private:
    bool flag_ = false;
    WaitList waiters_;
};

}  // namespace tl

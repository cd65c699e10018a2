#include "monitor/uptime.h"

#include <algorithm>
#include <cmath>

namespace monitor {

void DecayedWindow::Observe(bool up, double age_seconds, double tau_seconds)
{
    const double kept = std::exp(-age_seconds / tau_seconds);
    reliability = reliability * kept + (up ? 1.0 - kept : 0.0);
    weight = weight * kept + (1.0 - kept);
    count = count * kept + 1.0;
}

void Uptime::Observe(bool up, int64_t now)
{
    const int64_t age =
        last_observed_at == 0 ? FIRST_OBSERVATION_AGE_SECONDS : std::max<int64_t>(0, now - last_observed_at);
    for (size_t i = 0; i < windows.size(); ++i)
        windows[i].Observe(up, static_cast<double>(age), UPTIME_WINDOWS[i].tau_seconds);
    last_observed_at = std::max(last_observed_at, now);
}

}  // namespace monitor

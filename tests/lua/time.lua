-- time.lua: os.time, os.clock, os.date and os.difftime, on the guest
-- SDK's gettimeofday() and clock() (the virtual and the wall clock).
-- Only what is the same on every machine is printed.

local t = os.time()
print("os.time integer", math.type(t))
print("os.time after 2020", t > 1577836800)
print("os.time close to os.date", math.abs(os.time(os.date("*t", t)) - t) <= 1)

local c0 = os.clock()
print("os.clock number", type(c0), c0 >= 0)
local n = 0
repeat n = n + 1 until os.clock() - c0 >= 0.05
print("os.clock advances", os.clock() - c0 >= 0.05, n > 0)

print("epoch", os.date("!%Y-%m-%d %H:%M:%S", 0))
print("a year on", os.date("!%Y-%m-%d %H:%M:%S", 365 * 86400))
local d = os.date("!*t", 951782400)
print("leap day", d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday)
print("difftime", os.difftime(t + 90, t))

local t1 = os.time()
print("os.time monotonic", t1 >= t)

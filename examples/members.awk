# members.awk - n deterministic synthetic members as JSON lines:
#   awk -f members.awk -v n=300
BEGIN {
	split("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗", sur, " ")
	split("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英", giv, " ")
	split("Shanghai Beijing Shenzhen Guangzhou Hangzhou Chengdu Wuhan Nanjing", city, " ")
	split("sales finance internet manufacturing education healthcare consulting", ind, " ")
	split("Ping-An|Alibaba|Tencent|Huawei|China-Merchants-Bank|Vanke|JD.com|Midea|BYD|Ctrip", co, "|")
	split("Sales Manager|Account Executive|Engineer|Product Manager|Analyst|Teacher|Consultant|HR Manager", ti, "|")
	srand(2016)
	for (i = 1; i <= n; i++) {
		name = sur[int(rand() * 20) + 1] giv[int(rand() * 22) + 1]
		c = co[int(rand() * 10) + 1]; gsub("-", " ", c)
		printf "{\"handle\":\"m%04d\",\"name\":\"%s\",\"phone\":\"139%08d\"," \
		    "\"city\":\"%s\",\"industry\":\"%s\",\"company\":\"%s\"," \
		    "\"title\":\"%s\",\"employed\":%s}\n", i, name, i * 7919 % 100000000,
		    city[int(rand() * 8) + 1], ind[int(rand() * 7) + 1], c,
		    ti[int(rand() * 8) + 1], rand() < 0.85 ? "true" : "false"
	}
}

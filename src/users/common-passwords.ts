/**
 * Common passwords of 10 characters or more (shorter ones are refused by length anyway), lower
 * case: well-known leaked ones, keyboard and digit runs, and words a Vietnamese office would
 * pick (matkhau, anhyeuem, ubnd, congvan…) with the usual endings (123, @2025…). Kept here, not
 * fetched, so the check works offline.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
0000000000 0123456789 0987654321 1111111111 1122334455 11223344556677 1212121212 123123123123
1231231234 1234512345 1234567890 1234567890a 12345678910 123456789a 123456789q 12345qwert
1472583690 1597534560 1q2w3e4r#123 1q2w3e4r1! 1q2w3e4r12 1q2w3e4r123 1q2w3e4r123! 1q2w3e4r1234
1q2w3e4r12345 1q2w3e4r123456 1q2w3e4r2020 1q2w3e4r2021 1q2w3e4r2022 1q2w3e4r2023 1q2w3e4r2024
1q2w3e4r2025 1q2w3e4r2026 1q2w3e4r5t 1q2w3e4r5t! 1q2w3e4r5t#123 1q2w3e4r5t1 1q2w3e4r5t1!
1q2w3e4r5t12 1q2w3e4r5t123 1q2w3e4r5t123! 1q2w3e4r5t1234 1q2w3e4r5t12345 1q2w3e4r5t123456
1q2w3e4r5t2020 1q2w3e4r5t2021 1q2w3e4r5t2022 1q2w3e4r5t2023 1q2w3e4r5t2024 1q2w3e4r5t2025
1q2w3e4r5t2026 1q2w3e4r5t6y 1q2w3e4r5t@123 1q2w3e4r5t@2024 1q2w3e4r5t@2025 1q2w3e4r5t@2026
1q2w3e4r@123 1q2w3e4r@2024 1q2w3e4r@2025 1q2w3e4r@2026 1qaz2wsx#123 1qaz2wsx1! 1qaz2wsx12
1qaz2wsx123 1qaz2wsx123! 1qaz2wsx1234 1qaz2wsx12345 1qaz2wsx123456 1qaz2wsx2020 1qaz2wsx2021
1qaz2wsx2022 1qaz2wsx2023 1qaz2wsx2024 1qaz2wsx2025 1qaz2wsx2026 1qaz2wsx3edc 1qaz2wsx3edc!
1qaz2wsx3edc#123 1qaz2wsx3edc1 1qaz2wsx3edc1! 1qaz2wsx3edc12 1qaz2wsx3edc123 1qaz2wsx3edc123!
1qaz2wsx3edc1234 1qaz2wsx3edc12345 1qaz2wsx3edc123456 1qaz2wsx3edc2020 1qaz2wsx3edc2021
1qaz2wsx3edc2022 1qaz2wsx3edc2023 1qaz2wsx3edc2024 1qaz2wsx3edc2025 1qaz2wsx3edc2026
1qaz2wsx3edc@123 1qaz2wsx3edc@2024 1qaz2wsx3edc@2025 1qaz2wsx3edc@2026 1qaz2wsx@123
1qaz2wsx@2024 1qaz2wsx@2025 1qaz2wsx@2026 2222222222 3692581470 5201314520 5555555555 6969696969
7894561230 8888888888 9876543210 9999999999 a123456789 aaaaaaaaaa abc123#123 abc123123!
abc1231234 abc12312345 abc123123456 abc1232020 abc1232021 abc1232022 abc1232023 abc1232024
abc1232025 abc1232026 abc1234567 abc123@123 abc123@2024 abc123@2025 abc123@2026 abcd123456
abcdef#123 abcdef123! abcdef1234 abcdef12345 abcdef123456 abcdef2020 abcdef2021 abcdef2022
abcdef2023 abcdef2024 abcdef2025 abcdef2026 abcdef@123 abcdef@2024 abcdef@2025 abcdef@2026
abcdefgh#123 abcdefgh1! abcdefgh12 abcdefgh123 abcdefgh123! abcdefgh1234 abcdefgh12345
abcdefgh123456 abcdefgh2020 abcdefgh2021 abcdefgh2022 abcdefgh2023 abcdefgh2024 abcdefgh2025
abcdefgh2026 abcdefgh@123 abcdefgh@2024 abcdefgh@2025 abcdefgh@2026 abcdefghij abcdefghijk
admin123#123 admin1231! admin12312 admin123123 admin123123! admin1231234 admin12312345
admin123123456 admin1232020 admin1232021 admin1232022 admin1232023 admin1232024 admin1232025
admin1232026 admin12345 admin123456 admin123@123 admin123@2024 admin123@2025 admin123@2026
admin@2024 admin@2025 admin@2026 administrator administrator! administrator#123 administrator1
administrator1! administrator12 administrator123 administrator123! administrator1234
administrator12345 administrator123456 administrator2020 administrator2021 administrator2022
administrator2023 administrator2024 administrator2025 administrator2026 administrator@123
administrator@2024 administrator@2025 administrator@2026 anhyeuem#123 anhyeuem1! anhyeuem12
anhyeuem123 anhyeuem123! anhyeuem123#123 anhyeuem1231 anhyeuem1231! anhyeuem12312 anhyeuem123123
anhyeuem123123! anhyeuem1231234 anhyeuem12312345 anhyeuem123123456 anhyeuem1232020
anhyeuem1232021 anhyeuem1232022 anhyeuem1232023 anhyeuem1232024 anhyeuem1232025 anhyeuem1232026
anhyeuem1234 anhyeuem12345 anhyeuem123456 anhyeuem123@123 anhyeuem123@2024 anhyeuem123@2025
anhyeuem123@2026 anhyeuem2020 anhyeuem2021 anhyeuem2022 anhyeuem2023 anhyeuem2024 anhyeuem2025
anhyeuem2026 anhyeuem@123 anhyeuem@2024 anhyeuem@2025 anhyeuem@2026 asdf123456 asdfasdfasdf
asdfghjkl! asdfghjkl#123 asdfghjkl1 asdfghjkl1! asdfghjkl12 asdfghjkl123 asdfghjkl123!
asdfghjkl1234 asdfghjkl12345 asdfghjkl123456 asdfghjkl2020 asdfghjkl2021 asdfghjkl2022
asdfghjkl2023 asdfghjkl2024 asdfghjkl2025 asdfghjkl2026 asdfghjkl@123 asdfghjkl@2024
asdfghjkl@2025 asdfghjkl@2026 baseball#123 baseball1! baseball12 baseball123 baseball123!
baseball1234 baseball12345 baseball123456 baseball2020 baseball2021 baseball2022 baseball2023
baseball2024 baseball2025 baseball2026 baseball@123 baseball@2024 baseball@2025 baseball@2026
batman#123 batman123! batman1234 batman12345 batman123456 batman2020 batman2021 batman2022
batman2023 batman2024 batman2025 batman2026 batman@123 batman@2024 batman@2025 batman@2026
bluezone#123 bluezone1! bluezone12 bluezone123 bluezone123! bluezone1234 bluezone12345
bluezone123456 bluezone2020 bluezone2021 bluezone2022 bluezone2023 bluezone2024 bluezone2025
bluezone2026 bluezone@123 bluezone@2024 bluezone@2025 bluezone@2026 changeme#123 changeme1!
changeme12 changeme123 changeme123! changeme1234 changeme12345 changeme123456 changeme2020
changeme2021 changeme2022 changeme2023 changeme2024 changeme2025 changeme2026 changeme@123
changeme@2024 changeme@2025 changeme@2026 chutich#123 chutich123 chutich123! chutich1234
chutich12345 chutich123456 chutich2020 chutich2021 chutich2022 chutich2023 chutich2024
chutich2025 chutich2026 chutich@123 chutich@2024 chutich@2025 chutich@2026 computer#123
computer1! computer12 computer123 computer123! computer1234 computer12345 computer123456
computer2020 computer2021 computer2022 computer2023 computer2024 computer2025 computer2026
computer@123 computer@2024 computer@2025 computer@2026 congvan#123 congvan123 congvan123!
congvan1234 congvan12345 congvan123456 congvan2020 congvan2021 congvan2022 congvan2023
congvan2024 congvan2025 congvan2026 congvan@123 congvan@2024 congvan@2025 congvan@2026
default#123 default123 default123! default1234 default12345 default123456 default2020
default2021 default2022 default2023 default2024 default2025 default2026 default@123 default@2024
default@2025 default@2026 dondoc#123 dondoc123! dondoc1234 dondoc12345 dondoc123456 dondoc2020
dondoc2021 dondoc2022 dondoc2023 dondoc2024 dondoc2025 dondoc2026 dondoc@123 dondoc@2024
dondoc@2025 dondoc@2026 dragon#123 dragon123! dragon1234 dragon12345 dragon123456 dragon2020
dragon2021 dragon2022 dragon2023 dragon2024 dragon2025 dragon2026 dragon@123 dragon@2024
dragon@2025 dragon@2026 emyeuanh#123 emyeuanh1! emyeuanh12 emyeuanh123 emyeuanh123! emyeuanh1234
emyeuanh12345 emyeuanh123456 emyeuanh2020 emyeuanh2021 emyeuanh2022 emyeuanh2023 emyeuanh2024
emyeuanh2025 emyeuanh2026 emyeuanh@123 emyeuanh@2024 emyeuanh@2025 emyeuanh@2026 football#123
football1! football12 football123 football123! football1234 football12345 football123456
football2020 football2021 football2022 football2023 football2024 football2025 football2026
football@123 football@2024 football@2025 football@2026 freedom#123 freedom123 freedom123!
freedom1234 freedom12345 freedom123456 freedom2020 freedom2021 freedom2022 freedom2023
freedom2024 freedom2025 freedom2026 freedom@123 freedom@2024 freedom@2025 freedom@2026
guest12345 guest123456 guest@2024 guest@2025 guest@2026 hanoi12345 hanoi123456 hanoi@2024
hanoi@2025 hanoi@2026 hello12345 hello123456 hello@2024 hello@2025 hello@2026 hellokitty
hellokitty! hellokitty#123 hellokitty1 hellokitty1! hellokitty12 hellokitty123 hellokitty123!
hellokitty1234 hellokitty12345 hellokitty123456 hellokitty2020 hellokitty2021 hellokitty2022
hellokitty2023 hellokitty2024 hellokitty2025 hellokitty2026 hellokitty@123 hellokitty@2024
hellokitty@2025 hellokitty@2026 hochiminh! hochiminh#123 hochiminh1 hochiminh1! hochiminh12
hochiminh123 hochiminh123! hochiminh1234 hochiminh12345 hochiminh123456 hochiminh2020
hochiminh2021 hochiminh2022 hochiminh2023 hochiminh2024 hochiminh2025 hochiminh2026
hochiminh@123 hochiminh@2024 hochiminh@2025 hochiminh@2026 iloveyou#123 iloveyou1! iloveyou12
iloveyou123 iloveyou123! iloveyou1234 iloveyou12345 iloveyou123456 iloveyou2020 iloveyou2021
iloveyou2022 iloveyou2023 iloveyou2024 iloveyou2025 iloveyou2026 iloveyou@123 iloveyou@2024
iloveyou@2025 iloveyou@2026 internet#123 internet1! internet12 internet123 internet123!
internet1234 internet12345 internet123456 internet2020 internet2021 internet2022 internet2023
internet2024 internet2025 internet2026 internet@123 internet@2024 internet@2025 internet@2026
jennifer#123 jennifer1! jennifer12 jennifer123 jennifer123! jennifer1234 jennifer12345
jennifer123456 jennifer2020 jennifer2021 jennifer2022 jennifer2023 jennifer2024 jennifer2025
jennifer2026 jennifer@123 jennifer@2024 jennifer@2025 jennifer@2026 letmein#123 letmein123
letmein123! letmein1234 letmein12345 letmein123456 letmein2020 letmein2021 letmein2022
letmein2023 letmein2024 letmein2025 letmein2026 letmein@123 letmein@2024 letmein@2025
letmein@2026 login12345 login123456 login@2024 login@2025 login@2026 loveyou1234 master#123
master123! master1234 master12345 master123456 master2020 master2021 master2022 master2023
master2024 master2025 master2026 master@123 master@2024 master@2025 master@2026 matkhau#123
matkhau123 matkhau123! matkhau123#123 matkhau1231 matkhau1231! matkhau12312 matkhau123123
matkhau123123! matkhau1231234 matkhau12312345 matkhau123123456 matkhau1232020 matkhau1232021
matkhau1232022 matkhau1232023 matkhau1232024 matkhau1232025 matkhau1232026 matkhau1234
matkhau12345 matkhau123456 matkhau123@123 matkhau123@2024 matkhau123@2025 matkhau123@2026
matkhau2020 matkhau2021 matkhau2022 matkhau2023 matkhau2024 matkhau2025 matkhau2026 matkhau@123
matkhau@2024 matkhau@2025 matkhau@2026 michael#123 michael123 michael123! michael1234
michael12345 michael123456 michael2020 michael2021 michael2022 michael2023 michael2024
michael2025 michael2026 michael@123 michael@2024 michael@2025 michael@2026 monkey#123 monkey123!
monkey1234 monkey12345 monkey123456 monkey2020 monkey2021 monkey2022 monkey2023 monkey2024
monkey2025 monkey2026 monkey@123 monkey@2024 monkey@2025 monkey@2026 p@ssw0rd#123 p@ssw0rd1!
p@ssw0rd12 p@ssw0rd123 p@ssw0rd123! p@ssw0rd1234 p@ssw0rd12345 p@ssw0rd123456 p@ssw0rd2020
p@ssw0rd2021 p@ssw0rd2022 p@ssw0rd2023 p@ssw0rd2024 p@ssw0rd2025 p@ssw0rd2026 p@ssw0rd@123
p@ssw0rd@2024 p@ssw0rd@2025 p@ssw0rd@2026 p@ssword#123 p@ssword1! p@ssword12 p@ssword123
p@ssword123! p@ssword1234 p@ssword12345 p@ssword123456 p@ssword2020 p@ssword2021 p@ssword2022
p@ssword2023 p@ssword2024 p@ssword2025 p@ssword2026 p@ssword@123 p@ssword@2024 p@ssword@2025
p@ssword@2026 passw0rd#123 passw0rd1! passw0rd12 passw0rd123 passw0rd123! passw0rd1234
passw0rd12345 passw0rd123456 passw0rd2020 passw0rd2021 passw0rd2022 passw0rd2023 passw0rd2024
passw0rd2025 passw0rd2026 passw0rd@123 passw0rd@2024 passw0rd@2025 passw0rd@2026 password#123
password1! password12 password123 password123! password1234 password12345 password123456
password2020 password2021 password2022 password2023 password2024 password2025 password2026
password@123 password@2024 password@2025 password@2026 pokemon#123 pokemon123 pokemon123!
pokemon1234 pokemon12345 pokemon123456 pokemon2020 pokemon2021 pokemon2022 pokemon2023
pokemon2024 pokemon2025 pokemon2026 pokemon@123 pokemon@2024 pokemon@2025 pokemon@2026
princess#123 princess1! princess12 princess123 princess123! princess1234 princess12345
princess123456 princess2020 princess2021 princess2022 princess2023 princess2024 princess2025
princess2026 princess@123 princess@2024 princess@2025 princess@2026 q123456789 qazwsx#123
qazwsx123! qazwsx1234 qazwsx12345 qazwsx123456 qazwsx2020 qazwsx2021 qazwsx2022 qazwsx2023
qazwsx2024 qazwsx2025 qazwsx2026 qazwsx@123 qazwsx@2024 qazwsx@2025 qazwsx@2026 quantri#123
quantri123 quantri123! quantri1234 quantri12345 quantri123456 quantri2020 quantri2021
quantri2022 quantri2023 quantri2024 quantri2025 quantri2026 quantri@123 quantri@2024
quantri@2025 quantri@2026 qweasdzxc123 qwert12345 qwerty#123 qwerty123! qwerty1234 qwerty12345
qwerty123456 qwerty2020 qwerty2021 qwerty2022 qwerty2023 qwerty2024 qwerty2025 qwerty2026
qwerty@123 qwerty@2024 qwerty@2025 qwerty@2026 qwertyui#123 qwertyui1! qwertyui12 qwertyui123
qwertyui123! qwertyui1234 qwertyui12345 qwertyui123456 qwertyui2020 qwertyui2021 qwertyui2022
qwertyui2023 qwertyui2024 qwertyui2025 qwertyui2026 qwertyui@123 qwertyui@2024 qwertyui@2025
qwertyui@2026 qwertyuiop qwertyuiop! qwertyuiop#123 qwertyuiop1 qwertyuiop1! qwertyuiop12
qwertyuiop123 qwertyuiop123! qwertyuiop1234 qwertyuiop12345 qwertyuiop123456 qwertyuiop2020
qwertyuiop2021 qwertyuiop2022 qwertyuiop2023 qwertyuiop2024 qwertyuiop2025 qwertyuiop2026
qwertyuiop@123 qwertyuiop@2024 qwertyuiop@2025 qwertyuiop@2026 root123456 saigon#123 saigon123!
saigon1234 saigon12345 saigon123456 saigon2020 saigon2021 saigon2022 saigon2023 saigon2024
saigon2025 saigon2026 saigon@123 saigon@2024 saigon@2025 saigon@2026 secret#123 secret123!
secret1234 secret12345 secret123456 secret2020 secret2021 secret2022 secret2023 secret2024
secret2025 secret2026 secret@123 secret@2024 secret@2025 secret@2026 shadow#123 shadow123!
shadow1234 shadow12345 shadow123456 shadow2020 shadow2021 shadow2022 shadow2023 shadow2024
shadow2025 shadow2026 shadow@123 shadow@2024 shadow@2025 shadow@2026 starwars#123 starwars1!
starwars12 starwars123 starwars123! starwars1234 starwars12345 starwars123456 starwars2020
starwars2021 starwars2022 starwars2023 starwars2024 starwars2025 starwars2026 starwars@123
starwars@2024 starwars@2025 starwars@2026 sunshine#123 sunshine1! sunshine12 sunshine123
sunshine123! sunshine1234 sunshine12345 sunshine123456 sunshine2020 sunshine2021 sunshine2022
sunshine2023 sunshine2024 sunshine2025 sunshine2026 sunshine@123 sunshine@2024 sunshine@2025
sunshine@2026 superman#123 superman1! superman12 superman123 superman123! superman1234
superman12345 superman123456 superman2020 superman2021 superman2022 superman2023 superman2024
superman2025 superman2026 superman@123 superman@2024 superman@2025 superman@2026 test123456
tester#123 tester123! tester1234 tester12345 tester123456 tester2020 tester2021 tester2022
tester2023 tester2024 tester2025 tester2026 tester@123 tester@2024 tester@2025 tester@2026
testing#123 testing123 testing123! testing1234 testing12345 testing123456 testing2020
testing2021 testing2022 testing2023 testing2024 testing2025 testing2026 testing@123 testing@2024
testing@2025 testing@2026 toor123456 trustno1#123 trustno11! trustno112 trustno1123 trustno1123!
trustno11234 trustno112345 trustno1123456 trustno12020 trustno12021 trustno12022 trustno12023
trustno12024 trustno12025 trustno12026 trustno1@123 trustno1@2024 trustno1@2025 trustno1@2026
ubnd123456 ubndhuyen! ubndhuyen#123 ubndhuyen1 ubndhuyen1! ubndhuyen12 ubndhuyen123
ubndhuyen123! ubndhuyen1234 ubndhuyen12345 ubndhuyen123456 ubndhuyen2020 ubndhuyen2021
ubndhuyen2022 ubndhuyen2023 ubndhuyen2024 ubndhuyen2025 ubndhuyen2026 ubndhuyen@123
ubndhuyen@2024 ubndhuyen@2025 ubndhuyen@2026 user123456 vanthu#123 vanthu123! vanthu1234
vanthu12345 vanthu123456 vanthu2020 vanthu2021 vanthu2022 vanthu2023 vanthu2024 vanthu2025
vanthu2026 vanthu@123 vanthu@2024 vanthu@2025 vanthu@2026 vietnam#123 vietnam123 vietnam123!
vietnam123#123 vietnam1231 vietnam1231! vietnam12312 vietnam123123 vietnam123123! vietnam1231234
vietnam12312345 vietnam123123456 vietnam1232020 vietnam1232021 vietnam1232022 vietnam1232023
vietnam1232024 vietnam1232025 vietnam1232026 vietnam1234 vietnam12345 vietnam123456
vietnam123@123 vietnam123@2024 vietnam123@2025 vietnam123@2026 vietnam2020 vietnam2021
vietnam2022 vietnam2023 vietnam2024 vietnam2025 vietnam2026 vietnam@123 vietnam@2024
vietnam@2025 vietnam@2026 welcome#123 welcome123 welcome123! welcome1234 welcome12345
welcome123456 welcome2020 welcome2021 welcome2022 welcome2023 welcome2024 welcome2025
welcome2026 welcome@123 welcome@2024 welcome@2025 welcome@2026 whatever#123 whatever1!
whatever12 whatever123 whatever123! whatever1234 whatever12345 whatever123456 whatever2020
whatever2021 whatever2022 whatever2023 whatever2024 whatever2025 whatever2026 whatever@123
whatever@2024 whatever@2025 whatever@2026 yeuem12345 yeuem123456 yeuem@2024 yeuem@2025
yeuem@2026 zaq12wsx#123 zaq12wsx1! zaq12wsx12 zaq12wsx123 zaq12wsx123! zaq12wsx1234
zaq12wsx12345 zaq12wsx123456 zaq12wsx2020 zaq12wsx2021 zaq12wsx2022 zaq12wsx2023 zaq12wsx2024
zaq12wsx2025 zaq12wsx2026 zaq12wsx@123 zaq12wsx@2024 zaq12wsx@2025 zaq12wsx@2026 zxcvbnm#123
zxcvbnm123 zxcvbnm123! zxcvbnm1234 zxcvbnm12345 zxcvbnm123456 zxcvbnm2020 zxcvbnm2021
zxcvbnm2022 zxcvbnm2023 zxcvbnm2024 zxcvbnm2025 zxcvbnm2026 zxcvbnm@123 zxcvbnm@2024
zxcvbnm@2025 zxcvbnm@2026
`.split(/\s+/),
);

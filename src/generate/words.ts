/**
 * Word lists the generated names are built from: Chinese characters with their pinyin, industry
 * words with English forms, so a search for a two-character run (招宝-style) or a pinyin or English
 * word finds realistic, overlapping sets of entities, as it would in a real registry.
 */
export type Word = readonly [zh: string, en: string];
/** zh, English, id slug. */
export type Term = readonly [zh: string, en: string, slug: string];

export const SYLLABLES: readonly Word[] = [
  ['金', 'jin'],
  ['华', 'hua'],
  ['宏', 'hong'],
  ['达', 'da'],
  ['博', 'bo'],
  ['瑞', 'rui'],
  ['恒', 'heng'],
  ['盛', 'sheng'],
  ['新', 'xin'],
  ['海', 'hai'],
  ['天', 'tian'],
  ['力', 'li'],
  ['通', 'tong'],
  ['远', 'yuan'],
  ['鑫', 'xin'],
  ['荣', 'rong'],
  ['泰', 'tai'],
  ['安', 'an'],
  ['顺', 'shun'],
  ['兴', 'xing'],
  ['昌', 'chang'],
  ['宇', 'yu'],
  ['辰', 'chen'],
  ['星', 'xing'],
  ['明', 'ming'],
  ['光', 'guang'],
  ['富', 'fu'],
  ['嘉', 'jia'],
  ['和', 'he'],
  ['东', 'dong'],
  ['方', 'fang'],
  ['中', 'zhong'],
  ['卓', 'zhuo'],
  ['越', 'yue'],
  ['立', 'li'],
  ['凯', 'kai'],
  ['锐', 'rui'],
  ['峰', 'feng'],
  ['德', 'de'],
  ['信', 'xin'],
  ['永', 'yong'],
  ['江', 'jiang'],
  ['甬', 'yong'],
  ['港', 'gang'],
  ['润', 'run'],
  ['丰', 'feng'],
  ['伟', 'wei'],
  ['思', 'si'],
  ['捷', 'jie'],
  ['航', 'hang'],
  ['腾', 'teng'],
  ['聚', 'ju'],
  ['源', 'yuan'],
  ['升', 'sheng'],
  ['招', 'zhao'],
  ['宝', 'bao'],
  ['晨', 'chen'],
  ['蓝', 'lan'],
  ['拓', 'tuo'],
  ['万', 'wan'],
  ['普', 'pu'],
  ['维', 'wei'],
  ['众', 'zhong'],
  ['合', 'he'],
  ['威', 'wei'],
  ['利', 'li'],
  ['茂', 'mao'],
  ['奥', 'ao'],
  ['美', 'mei'],
  ['龙', 'long'],
  ['舜', 'shun'],
  ['宁', 'ning'],
];

export const SURNAMES: readonly Word[] = [
  ['陈', 'chen'],
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
  ['应', 'ying'],
  ['虞', 'yu'],
  ['邵', 'shao'],
  ['俞', 'yu'],
];

/** Ningbo and its districts and county-level cities: the place word of most names. */
export const PLACES: readonly Word[] = [
  ['宁波', 'Ningbo'],
  ['宁波', 'Ningbo'],
  ['宁波', 'Ningbo'],
  ['慈溪', 'Cixi'],
  ['余姚', 'Yuyao'],
  ['北仑', 'Beilun'],
  ['镇海', 'Zhenhai'],
  ['鄞州', 'Yinzhou'],
  ['奉化', 'Fenghua'],
  ['象山', 'Xiangshan'],
  ['宁海', 'Ninghai'],
  ['海曙', 'Haishu'],
  ['江北', 'Jiangbei'],
];

export const INDUSTRIES: readonly Term[] = [
  ['科技', 'Technology', 'tech'],
  ['磁业', 'Magnet', 'magnet'],
  ['电子', 'Electronics', 'electronics'],
  ['新材料', 'New Materials', 'materials'],
  ['智能装备', 'Intelligent Equipment', 'equipment'],
  ['汽车零部件', 'Auto Parts', 'auto-parts'],
  ['化工', 'Chemical', 'chemical'],
  ['模具', 'Mould', 'mould'],
  ['电器', 'Electric Appliance', 'appliance'],
  ['纺织', 'Textile', 'textile'],
  ['服饰', 'Apparel', 'apparel'],
  ['精密机械', 'Precision Machinery', 'machinery'],
  ['光电', 'Optoelectronics', 'optoelectronics'],
  ['生物医药', 'Biopharma', 'biopharma'],
  ['新能源', 'New Energy', 'new-energy'],
  ['半导体', 'Semiconductor', 'semiconductor'],
  ['轴承', 'Bearing', 'bearing'],
  ['液压', 'Hydraulics', 'hydraulics'],
  ['塑业', 'Plastics', 'plastics'],
  ['文具', 'Stationery', 'stationery'],
];

export const COMPANY_SUFFIXES: readonly Word[] = [
  ['股份有限公司', 'Co., Ltd.'],
  ['有限公司', 'Co., Ltd.'],
  ['有限公司', 'Co., Ltd.'],
  ['集团有限公司', 'Group Co., Ltd.'],
];

export const PRODUCT_ADJECTIVES: readonly Term[] = [
  ['高性能', 'high-performance', 'hp'],
  ['新一代', 'next-generation', 'nextgen'],
  ['智能', 'smart', 'smart'],
  ['高精度', 'high-precision', 'precision'],
  ['节能', 'energy-saving', 'eco'],
  ['轻量化', 'lightweight', 'light'],
];

export const PRODUCT_NOUNS: readonly Term[] = [
  ['钕铁硼磁体', 'NdFeB magnets', 'ndfeb-magnets'],
  ['伺服电机', 'servo motors', 'servo-motors'],
  ['注塑机', 'injection moulding machines', 'injection-machines'],
  ['锂电池隔膜', 'lithium battery separators', 'battery-separators'],
  ['碳纤维复合材料', 'carbon fibre composites', 'carbon-fibre'],
  ['传感器', 'sensors', 'sensors'],
  ['芯片', 'chips', 'chips'],
  ['家用空调', 'household air conditioners', 'air-conditioners'],
  ['工业机器人', 'industrial robots', 'robots'],
  ['氢燃料电池', 'hydrogen fuel cells', 'fuel-cells'],
  ['光学薄膜', 'optical films', 'optical-films'],
  ['汽车模具', 'automotive moulds', 'auto-moulds'],
  ['聚丙烯', 'polypropylene', 'polypropylene'],
  ['工业互联网平台', 'industrial internet platform', 'iiot-platform'],
];

export const ORG_BODIES: readonly (readonly [zh: string, en: string, slug: string, category: string])[] = [
  ['经济和信息化局', 'Economy and Information Technology Bureau', 'econ-it-bureau', 'government'],
  ['科学技术局', 'Science and Technology Bureau', 'sci-tech-bureau', 'government'],
  ['市场监督管理局', 'Market Regulation Bureau', 'market-regulation', 'government'],
  ['国有资产投资控股有限公司', 'State-Owned Assets Investment Holding', 'state-assets', 'state-assets'],
  ['党工委', 'Party Working Committee', 'party-committee', 'party'],
  ['海关', 'Customs', 'customs', 'customs'],
  ['产业链工作专班', 'Industrial Chain Task Office', 'chain-office', 'coordination-body'],
];

export const PARTY_BODIES: readonly (readonly [zh: string, en: string, slug: string, category: string])[] = [
  ['企业党委', 'Enterprise Party Committee', 'party-committee', 'committee'],
  ['党总支', 'Party General Branch', 'party-general-branch', 'general-branch'],
  ['党支部', 'Party Branch', 'party-branch', 'branch'],
  ['产业链联合党委', 'Chain Joint Party Committee', 'chain-joint-committee', 'joint-committee'],
  ['党群服务中心', 'Party and Public Service Centre', 'party-service-centre', 'service-centre'],
  ['党员先锋队', 'Party Members\u2019 Vanguard Team', 'vanguard-team', 'vanguard-team'],
];

export const EVENT_TYPES: readonly (readonly [zh: string, en: string, slug: string, category: string])[] = [
  ['企业纾困行动', 'Enterprise Rescue', 'rescue', 'rescue'],
  ['产业链签约仪式', 'Chain Signing Ceremony', 'signing', 'signing'],
  ['党建联席会议', 'Party-Building Joint Meeting', 'meeting', 'meeting'],
  ['职工技能竞赛', 'Workers\u2019 Skills Competition', 'competition', 'competition'],
  ['联合体成立大会', 'Consortium Founding', 'founding', 'founding'],
];

export const RESEARCH_FIELDS: readonly Term[] = [
  ['材料', 'Materials', 'materials'],
  ['智能制造', 'Intelligent Manufacturing', 'manufacturing'],
  ['海洋', 'Marine', 'marine'],
  ['信息技术', 'Information Technology', 'it'],
  ['生物医学', 'Biomedicine', 'biomedicine'],
  ['先进能源', 'Advanced Energy', 'energy'],
];

export const PLACE_TYPES: readonly (readonly [zh: string, en: string, slug: string, category: string])[] = [
  ['工业园区', 'Industrial Park', 'park', 'park'],
  ['经济开发区', 'Economic Development Zone', 'zone', 'zone'],
  ['生产基地', 'Production Base', 'base', 'production-base'],
  ['输气管线', 'Gas Pipeline', 'pipeline', 'pipeline'],
];

export const POLICY_TYPES: readonly (readonly [zh: string, en: string, slug: string, category: string])[] = [
  ['高质量发展行动方案', 'high-quality development action plan', 'action-plan', 'action'],
  ['专项扶持政策', 'special support programme', 'support', 'programme'],
  ['链长制工作机制', 'chain-leader mechanism', 'chain-leader', 'mechanism'],
  ['团体标准', 'group standard', 'standard', 'standard'],
  ['试点方案', 'pilot scheme', 'pilot', 'pilot'],
  ['推进会', 'promotion meeting', 'meeting', 'meeting'],
  ['三年规划', 'three-year plan', 'plan', 'plan'],
];

export const DESIGNATION_TITLES: readonly (readonly [zh: string, en: string, slug: string, category: string])[] = [
  ['隐形冠军企业', 'hidden champion', 'hidden-champion', 'provincial'],
  ['专精特新中小企业', 'specialised and innovative SME', 'specialised-sme', 'provincial'],
  ['绿色工厂', 'green factory', 'green-factory', 'national'],
  ['企业技术中心', 'enterprise technology centre', 'tech-centre', 'provincial'],
  ['数字化车间', 'digital workshop', 'digital-workshop', 'honorary'],
];

export const POSITIONS: readonly Word[] = [
  ['董事长', 'chairman'],
  ['总经理', 'general manager'],
  ['总工程师', 'chief engineer'],
  ['党委书记', 'party secretary'],
  ['副总经理', 'deputy general manager'],
  ['研发总监', 'R&D director'],
  ['首席科学家', 'chief scientist'],
];

export const MEASURES: readonly (readonly [zh: string, en: string, unit: string])[] = [
  ['工业增加值', 'industrial value added', 'yuan'],
  ['营业收入', 'operating revenue', 'yuan'],
  ['研发投入', 'R&D spending', 'yuan'],
  ['出口额', 'exports', 'yuan'],
  ['利润总额', 'total profit', 'yuan'],
  ['专利授权量', 'patents granted', 'patent'],
  ['从业人员', 'employees', 'person'],
  ['营业收入同比增长', 'operating revenue growth', 'percent'],
];
